using DocStream.MongoEmulator.Commands;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Query;

/// <summary>Reads and writes dotted field paths ("a.b.0.c") inside documents.</summary>
internal static class FieldPath
{
    public static string[] Split(string path) => path.Split('.');

    /// <summary>
    /// Visits every value the path reaches, descending into arrays of documents like a query does.
    /// A missing value is passed as null. Returns true as soon as <paramref name="test"/> does.
    /// When <paramref name="expandArrays"/> is set, a terminal array is tested as a whole and element by element.
    /// </summary>
    public static bool Any(BsonValue? current, string[] parts, int index, Func<BsonValue?, bool> test, bool expandArrays)
    {
        while (true)
        {
            if (index == parts.Length)
            {
                if (test(current))
                {
                    return true;
                }
                if (expandArrays && current is BsonArray terminal)
                {
                    foreach (var item in terminal)
                    {
                        if (test(item))
                        {
                            return true;
                        }
                    }
                }
                return false;
            }
            switch (current)
            {
                case BsonDocument doc:
                    current = DocumentFields.Get(doc, parts[index]);
                    if (current is null)
                    {
                        return test(null);
                    }
                    index++;
                    continue;
                case BsonArray array:
                    if (int.TryParse(parts[index], out var position) && position >= 0)
                    {
                        if (position < array.Count && Any(array[position], parts, index + 1, test, expandArrays))
                        {
                            return true;
                        }
                    }
                    var sawDocument = false;
                    foreach (var item in array)
                    {
                        if (item is BsonDocument)
                        {
                            sawDocument = true;
                            if (Any(item, parts, index, test, expandArrays))
                            {
                                return true;
                            }
                        }
                    }
                    return !sawDocument && test(null);
                default:
                    return test(null);
            }
        }
    }

    /// <summary>Aggregation semantics: "$a.b" over an array of documents yields the array of their b values.</summary>
    public static BsonValue? Get(BsonValue? current, string[] parts, int index = 0)
    {
        for (var i = index; i < parts.Length; i++)
        {
            switch (current)
            {
                case BsonDocument doc:
                    if (!DocumentFields.TryGet(doc, parts[i], out var next))
                    {
                        return null;
                    }
                    current = next;
                    break;
                case BsonArray array:
                    var result = new BsonArray();
                    foreach (var item in array)
                    {
                        if (item is BsonDocument or BsonArray)
                        {
                            var v = Get(item, parts, i);
                            if (v is not null)
                            {
                                result.Add(v);
                            }
                        }
                    }
                    return result;
                default:
                    return null;
            }
        }
        return current;
    }

    /// <summary>Update semantics: follows documents and numeric array positions only.</summary>
    public static BsonValue? GetForUpdate(BsonDocument doc, string[] parts)
    {
        BsonValue? current = doc;
        foreach (var part in parts)
        {
            current = current switch
            {
                BsonDocument d => DocumentFields.Get(d, part),
                BsonArray a when int.TryParse(part, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }
        return current;
    }

    /// <summary>Sets a value, creating intermediate documents as needed (update operators' semantics).</summary>
    public static void Set(BsonDocument doc, string[] parts, BsonValue value)
    {
        BsonValue container = doc;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var last = i == parts.Length - 1;
            switch (container)
            {
                case BsonDocument d:
                    if (last)
                    {
                        d[part] = value;
                        return;
                    }
                    if (!d.TryGetValue(part, out var child))
                    {
                        child = new BsonDocument();
                        d[part] = child;
                    }
                    else if (child is not BsonDocument and not BsonArray)
                    {
                        throw PathNotViable(parts, i + 1, child);
                    }
                    container = child;
                    break;
                case BsonArray a:
                    if (!int.TryParse(part, out var position) || position < 0)
                    {
                        throw new MongoCommandException(MongoErrorCodes.PathNotViable,
                            $"Cannot create field '{part}' in element {{{parts[i - 1]}: {a}}}");
                    }
                    while (a.Count <= position)
                    {
                        a.Add(BsonNull.Value);
                    }
                    if (last)
                    {
                        a[position] = value;
                        return;
                    }
                    if (a[position] is not BsonDocument and not BsonArray)
                    {
                        if (!a[position].IsBsonNull)
                        {
                            throw PathNotViable(parts, i + 1, a[position]);
                        }
                        a[position] = new BsonDocument();
                    }
                    container = a[position];
                    break;
            }
        }
    }

    public static bool Unset(BsonDocument doc, string[] parts)
    {
        BsonValue? container = doc;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            container = container switch
            {
                BsonDocument d => DocumentFields.Get(d, parts[i]),
                BsonArray a when int.TryParse(parts[i], out var p) && p >= 0 && p < a.Count => a[p],
                _ => null,
            };
            if (container is null)
            {
                return false;
            }
        }
        var lastPart = parts[^1];
        switch (container)
        {
            case BsonDocument d when d.Contains(lastPart):
                d.Remove(lastPart);
                return true;
            case BsonArray a when int.TryParse(lastPart, out var p) && p >= 0 && p < a.Count:
                a[p] = BsonNull.Value; // $unset on an array element leaves null, as MongoDB does.
                return true;
            default:
                return false;
        }
    }

    private static MongoCommandException PathNotViable(string[] parts, int index, BsonValue existing) =>
        new(MongoErrorCodes.PathNotViable,
            $"Cannot create field '{parts[index]}' in element {{{parts[index - 1]}: {existing}}}");
}
