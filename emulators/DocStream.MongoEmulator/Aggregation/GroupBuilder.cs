using DocStream.MongoEmulator.Commands;
using DocStream.MongoEmulator.Query;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Aggregation;

/// <summary>One $group stage: documents are added one at a time, then the groups come out in first-seen order.</summary>
internal sealed class GroupBuilder
{
    private readonly Func<BsonDocument, BsonValue?> _idExpr;
    private readonly List<(string Name, AccumulatorKind Kind, Func<BsonDocument, BsonValue?> Eval)> _accumulators = [];
    private readonly Dictionary<BsonValue, (BsonValue Key, Accumulator[] State)> _groups = new(BsonValueComparer.Instance);

    public GroupBuilder(BsonDocument spec)
    {
        if (!spec.TryGetValue("_id", out var idSpec))
        {
            throw new MongoCommandException(15955, "a group specification must include an _id");
        }
        _idExpr = ExpressionCompiler.Compile(idSpec);
        foreach (var field in spec)
        {
            if (field.Name == "_id")
            {
                continue;
            }
            if (field.Value is not BsonDocument acc || acc.ElementCount != 1)
            {
                throw new MongoCommandException(40234, $"The field '{field.Name}' must be an accumulator object");
            }
            var kind = Accumulator.KindOf(acc.GetElement(0).Name);
            var expr = kind == AccumulatorKind.Count ? (_ => null) : ExpressionCompiler.Compile(acc[0]);
            _accumulators.Add((field.Name, kind, expr));
        }
    }

    public void Add(BsonDocument doc)
    {
        var key = _idExpr(doc) ?? BsonNull.Value;
        if (!_groups.TryGetValue(key, out var group))
        {
            group = (key, _accumulators.Select(a => new Accumulator(a.Kind)).ToArray());
            _groups.Add(key, group);
        }
        for (var i = 0; i < _accumulators.Count; i++)
        {
            group.State[i].Add(_accumulators[i].Eval(doc));
        }
    }

    public List<BsonDocument> Results()
    {
        var output = new List<BsonDocument>(_groups.Count);
        foreach (var (key, state) in _groups.Values)
        {
            var result = new BsonDocument("_id", key);
            for (var i = 0; i < _accumulators.Count; i++)
            {
                result[_accumulators[i].Name] = state[i].Result();
            }
            output.Add(result);
        }
        return output;
    }
}
