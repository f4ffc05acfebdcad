using DocStream.MongoEmulator.Commands;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Query;

/// <summary>Applies update documents (operators or a replacement) to a stored document, never mutating the original.</summary>
internal static class UpdateApplier
{
    private static readonly HashSet<string> KnownUnsupported = ["$bit"];

    public static bool IsOperatorUpdate(BsonDocument update)
    {
        if (update.ElementCount == 0)
        {
            return false;
        }
        var first = update.GetElement(0).Name.StartsWith('$');
        for (var i = 0; i < update.ElementCount; i++)
        {
            var element = update.GetElement(i); // by position: foreach would box an enumerator per statement
            if (element.Name.StartsWith('$') != first)
            {
                throw new MongoCommandException(MongoErrorCodes.FailedToParse,
                    first ? $"Unknown modifier: {element.Name}. Expected a valid update modifier or pipeline-style update specified as an array"
                          : $"The dollar ($) prefixed field '{element.Name}' in '{element.Name}' is not allowed in the context of an update's replacement document.");
            }
        }
        return first;
    }

    /// <summary>Builds the replacement document, keeping the original _id and putting _id first.</summary>
    public static BsonDocument Replace(BsonDocument? original, BsonDocument replacement)
    {
        var id = original is null ? null : DocumentFields.Id(original);
        if (id is not null && DocumentFields.TryGet(replacement, "_id", out var newId) && BsonValueComparer.Instance.Compare(id, newId) != 0)
        {
            throw ImmutableId();
        }
        return WithIdFirst(replacement, id);
    }

    public static BsonDocument WithIdFirst(BsonDocument doc, BsonValue? id)
    {
        id ??= DocumentFields.Id(doc);
        if (id is null)
        {
            return doc;
        }
        if (doc.ElementCount > 0 && doc.GetElement(0).Name == "_id")
        {
            return doc;
        }
        var result = new BsonDocument("_id", id);
        foreach (var element in doc)
        {
            if (element.Name != "_id")
            {
                result.Add(element);
            }
        }
        return result;
    }

    /// <summary>The equality fields of a filter, which seed a document created by an upsert.</summary>
    public static BsonDocument SeedFromFilter(BsonDocument? filter)
    {
        var seed = new BsonDocument();
        if (filter is not null)
        {
            AddEqualities(filter, seed);
        }
        return seed;
    }

    private static void AddEqualities(BsonDocument filter, BsonDocument seed)
    {
        foreach (var element in filter)
        {
            if (element.Name == "$and" && element.Value is BsonArray and)
            {
                foreach (var clause in and.OfType<BsonDocument>())
                {
                    AddEqualities(clause, seed);
                }
                continue;
            }
            if (element.Name.StartsWith('$'))
            {
                continue;
            }
            var value = element.Value;
            if (value is BsonDocument ops && ops.ElementCount > 0 && ops.GetElement(0).Name.StartsWith('$'))
            {
                if (ops.ElementCount == 1 && ops.GetElement(0).Name == "$eq")
                {
                    FieldPath.Set(seed, FieldPath.Split(element.Name), ops[0]);
                }
                continue;
            }
            if (value is not BsonRegularExpression)
            {
                FieldPath.Set(seed, FieldPath.Split(element.Name), value);
            }
        }
    }

    /// <summary>Applies update operators to a copy of <paramref name="original"/>.</summary>
    public static BsonDocument Apply(BsonDocument original, BsonDocument update, bool isInsert)
    {
        var doc = original.DeepClone().AsBsonDocument;
        foreach (var op in update)
        {
            if (op.Value is not BsonDocument fields)
            {
                throw new MongoCommandException(MongoErrorCodes.FailedToParse,
                    $"Modifiers operate on fields but we found type {op.Value.BsonType} instead.");
            }
            foreach (var field in fields)
            {
                if (field.Name.Contains('$'))
                {
                    throw MongoCommandException.NotSupported($"positional update path '{field.Name}'");
                }
                ApplyOne(doc, op.Name, field.Name, FieldPath.Split(field.Name), field.Value, isInsert);
            }
        }
        var originalId = DocumentFields.Id(original);
        var newId = DocumentFields.Id(doc);
        if (originalId is not null && (newId is null || BsonValueComparer.Instance.Compare(originalId, newId) != 0))
        {
            throw ImmutableId();
        }
        return WithIdFirst(doc, null);
    }

    private static void ApplyOne(BsonDocument doc, string op, string path, string[] parts, BsonValue arg, bool isInsert)
    {
        switch (op)
        {
            case "$set":
                FieldPath.Set(doc, parts, arg);
                break;
            case "$setOnInsert":
                if (isInsert)
                {
                    FieldPath.Set(doc, parts, arg);
                }
                break;
            case "$unset":
                FieldPath.Unset(doc, parts);
                break;
            case "$inc":
            case "$mul":
                if (!BsonValueComparer.IsNumber(arg))
                {
                    throw new MongoCommandException(MongoErrorCodes.TypeMismatch, $"Cannot {op[1..]}rement with non-numeric argument: {{{path}: {arg}}}");
                }
                var current = FieldPath.GetForUpdate(doc, parts);
                if (current is not null && !BsonValueComparer.IsNumber(current))
                {
                    throw new MongoCommandException(MongoErrorCodes.TypeMismatch,
                        $"Cannot apply {op} to a value of non-numeric type. {{_id: {doc.GetValue("_id", BsonNull.Value)}}} has the field '{parts[^1]}' of non-numeric type {current.BsonType}");
                }
                var start = current ?? (op == "$inc" ? new BsonInt32(0) : ZeroLike(arg));
                FieldPath.Set(doc, parts, op == "$inc" ? BsonNumeric.Add(start, arg) : BsonNumeric.Multiply(start, arg));
                break;
            case "$min":
            case "$max":
                var existing = FieldPath.GetForUpdate(doc, parts);
                var c = existing is null ? 0 : BsonValueComparer.Instance.Compare(arg, existing);
                if (existing is null || (op == "$min" ? c < 0 : c > 0))
                {
                    FieldPath.Set(doc, parts, arg);
                }
                break;
            case "$push":
            case "$addToSet":
                Push(doc, op, path, parts, arg);
                break;
            case "$pull":
                if (FieldPath.GetForUpdate(doc, parts) is BsonArray pullFrom)
                {
                    Func<BsonValue, bool> remove = arg is BsonDocument cond && cond.ElementCount > 0
                        ? PullCondition(cond)
                        : v => BsonValueComparer.Instance.Compare(v, arg) == 0;
                    FieldPath.Set(doc, parts, new BsonArray(pullFrom.Where(v => !remove(v))));
                }
                break;
            case "$pop":
                if (FieldPath.GetForUpdate(doc, parts) is BsonArray { Count: > 0 } popFrom)
                {
                    var copy = new BsonArray(popFrom);
                    copy.RemoveAt(arg.ToInt32() < 0 ? 0 : copy.Count - 1);
                    FieldPath.Set(doc, parts, copy);
                }
                break;
            case "$rename":
                var moved = FieldPath.GetForUpdate(doc, parts);
                if (moved is not null)
                {
                    FieldPath.Unset(doc, parts);
                    FieldPath.Set(doc, FieldPath.Split(arg.AsString), moved);
                }
                break;
            case "$currentDate":
                var now = DateTime.UtcNow;
                BsonValue stamp = arg is BsonDocument spec && spec.GetValue("$type", "date").AsString == "timestamp"
                    ? new BsonTimestamp((int)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 1)
                    : new BsonDateTime(now);
                FieldPath.Set(doc, parts, stamp);
                break;
            default:
                if (KnownUnsupported.Contains(op))
                {
                    throw MongoCommandException.NotSupported($"update operator {op}");
                }
                throw new MongoCommandException(MongoErrorCodes.FailedToParse,
                    $"Unknown modifier: {op}. Expected a valid update modifier or pipeline-style update specified as an array");
        }
    }

    private static BsonValue ZeroLike(BsonValue arg) => arg.BsonType switch
    {
        BsonType.Int64 => new BsonInt64(0),
        BsonType.Double => new BsonDouble(0),
        BsonType.Decimal128 => new BsonDecimal128(Decimal128.Zero),
        _ => new BsonInt32(0),
    };

    private static Func<BsonValue, bool> PullCondition(BsonDocument cond)
    {
        if (cond.GetElement(0).Name.StartsWith('$'))
        {
            var match = FilterCompiler.Compile(new BsonDocument("v", cond));
            return v => match(new BsonDocument("v", v));
        }
        var docMatch = FilterCompiler.Compile(cond);
        return v => v is BsonDocument d && docMatch(d);
    }

    private static void Push(BsonDocument doc, string op, string path, string[] parts, BsonValue arg)
    {
        var existing = FieldPath.GetForUpdate(doc, parts);
        if (existing is not null && existing is not BsonArray)
        {
            throw MongoCommandException.BadValue($"The field '{path}' must be an array but is of type {existing.BsonType} in document {{_id: {doc.GetValue("_id", BsonNull.Value)}}}");
        }
        var array = existing is BsonArray a ? new BsonArray(a) : new BsonArray();
        IEnumerable<BsonValue> items = [arg];
        int? position = null;
        int? slice = null;
        if (arg is BsonDocument modifiers && modifiers.Contains("$each"))
        {
            items = modifiers["$each"].AsBsonArray;
            foreach (var m in modifiers)
            {
                switch (m.Name)
                {
                    case "$each":
                        break;
                    case "$position" when op == "$push":
                        position = m.Value.ToInt32();
                        break;
                    case "$slice" when op == "$push":
                        slice = m.Value.ToInt32();
                        break;
                    case "$sort" when op == "$push":
                        throw MongoCommandException.NotSupported("$push with $sort");
                    default:
                        throw MongoCommandException.BadValue($"Unrecognized clause in {op}: {m.Name}");
                }
            }
        }
        var insertAt = position is { } p ? (p < 0 ? Math.Max(0, array.Count + p) : Math.Min(p, array.Count)) : array.Count;
        foreach (var item in items)
        {
            if (op == "$addToSet" && array.Any(x => BsonValueComparer.Instance.Compare(x, item) == 0))
            {
                continue;
            }
            array.Insert(insertAt++, item);
        }
        if (slice is { } s)
        {
            var kept = s >= 0 ? array.Take(s) : array.Skip(Math.Max(0, array.Count + s));
            array = new BsonArray(kept);
        }
        FieldPath.Set(doc, parts, array);
    }

    private static MongoCommandException ImmutableId() =>
        new(MongoErrorCodes.ImmutableField, "Performing an update on the path '_id' would modify the immutable field '_id'");
}
