using DocStream.MongoEmulator.Aggregation;
using DocStream.MongoEmulator.Commands;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Query;

/// <summary>
/// A compiled projection, shared by find and $project: inclusion ({a: 1}), exclusion ({a: 0})
/// or computed fields ({total: {$multiply: [...]}}), with dotted paths and _id included by default.
/// </summary>
internal sealed class Projection
{
    private sealed class Node
    {
        public bool Include;
        public bool Exclude;
        public Func<BsonDocument, BsonValue?>? Computed;
        public Dictionary<string, Node>? Children;
    }

    private readonly Dictionary<string, Node> _root = new(StringComparer.Ordinal);
    private readonly bool _inclusion;
    private readonly bool _excludeId;

    private Projection(BsonDocument spec, bool allowComputed, string stageName)
    {
        var sawInclusion = false;
        var sawExclusion = false;
        foreach (var element in spec)
        {
            var name = element.Name;
            if (name.Contains('$'))
            {
                throw MongoCommandException.NotSupported($"positional projection '{name}'");
            }
            var value = element.Value;
            var parts = FieldPath.Split(name);
            var node = Walk(parts);
            if (value.IsBoolean || BsonValueComparer.IsNumber(value))
            {
                var on = value.ToBoolean();
                if (name == "_id" && !on)
                {
                    _excludeId = true;
                    node.Exclude = true;
                    continue;
                }
                if (on)
                {
                    node.Include = true;
                    sawInclusion |= name != "_id";
                }
                else
                {
                    node.Exclude = true;
                    sawExclusion = true;
                }
            }
            else if (value is BsonDocument d && d.ElementCount == 1 && d.GetElement(0).Name is "$slice" or "$elemMatch" or "$meta")
            {
                throw MongoCommandException.NotSupported($"projection operator {d.GetElement(0).Name}");
            }
            else if (allowComputed)
            {
                node.Computed = ExpressionCompiler.Compile(value);
                sawInclusion = true;
            }
            else
            {
                throw MongoCommandException.BadValue($"Invalid {stageName} value for '{name}'");
            }
        }
        if (sawInclusion && sawExclusion)
        {
            throw new MongoCommandException(31254, $"Cannot do exclusion on field in inclusion projection");
        }
        _inclusion = sawInclusion;
        if (!_inclusion && !sawExclusion && !_excludeId && spec.ElementCount > 0)
        {
            // Only {_id: 1}: an inclusion projection of just the id.
            _inclusion = true;
        }
    }

    public static Projection? Parse(BsonDocument? spec, bool allowComputed = true, string stageName = "projection")
    {
        if (spec is null || spec.ElementCount == 0)
        {
            return null;
        }
        return new Projection(spec, allowComputed, stageName);
    }

    private Node Walk(string[] parts)
    {
        var level = _root;
        Node? node = null;
        for (var i = 0; i < parts.Length; i++)
        {
            if (!level.TryGetValue(parts[i], out node))
            {
                node = new Node();
                level[parts[i]] = node;
            }
            if (i < parts.Length - 1)
            {
                level = node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            }
        }
        return node!;
    }

    public BsonDocument Apply(BsonDocument doc)
    {
        if (!_inclusion)
        {
            return Exclude(doc, _root);
        }
        var result = new BsonDocument();
        if (!_excludeId && DocumentFields.TryGet(doc, "_id", out var id) && !(_root.TryGetValue("_id", out var idNode) && idNode.Computed is not null))
        {
            result["_id"] = id;
        }
        Include(doc, doc, _root, result, topLevel: true);
        return result;
    }

    private static void Include(BsonDocument root, BsonDocument source, Dictionary<string, Node> nodes, BsonDocument target, bool topLevel)
    {
        foreach (var element in source)
        {
            if (topLevel && element.Name == "_id")
            {
                continue;
            }
            if (!nodes.TryGetValue(element.Name, out var node) || node.Computed is not null)
            {
                continue;
            }
            if (node.Include)
            {
                target[element.Name] = element.Value;
            }
            else if (node.Children is not null)
            {
                var projected = IncludeValue(root, element.Value, node.Children);
                if (projected is not null)
                {
                    target[element.Name] = projected;
                }
            }
        }
        foreach (var (name, node) in nodes)
        {
            if (node.Computed is not null)
            {
                var value = node.Computed(root);
                if (value is not null)
                {
                    target[name] = value;
                }
            }
            else if (node.Children is not null && node.Children.Values.Any(c => c.Computed is not null) && !target.Contains(name))
            {
                var nested = new BsonDocument();
                Include(root, new BsonDocument(), node.Children, nested, topLevel: false);
                target[name] = nested;
            }
        }
    }

    private static BsonValue? IncludeValue(BsonDocument root, BsonValue value, Dictionary<string, Node> children)
    {
        switch (value)
        {
            case BsonDocument d:
                var nested = new BsonDocument();
                Include(root, d, children, nested, topLevel: false);
                return nested;
            case BsonArray a:
                var array = new BsonArray();
                foreach (var item in a)
                {
                    var projected = IncludeValue(root, item, children);
                    if (projected is not null)
                    {
                        array.Add(projected);
                    }
                }
                return array;
            default:
                return null;
        }
    }

    private static BsonDocument Exclude(BsonDocument source, Dictionary<string, Node> nodes)
    {
        var result = new BsonDocument();
        foreach (var element in source)
        {
            if (!nodes.TryGetValue(element.Name, out var node))
            {
                result.Add(element);
            }
            else if (node.Exclude)
            {
                continue;
            }
            else if (node.Children is not null)
            {
                result.Add(element.Name, ExcludeValue(element.Value, node.Children));
            }
            else
            {
                result.Add(element);
            }
        }
        return result;
    }

    private static BsonValue ExcludeValue(BsonValue value, Dictionary<string, Node> children) => value switch
    {
        BsonDocument d => Exclude(d, children),
        BsonArray a => new BsonArray(a.Select(item => ExcludeValue(item, children))),
        _ => value,
    };
}
