using MongoDB.Bson;

namespace DocStream.MongoEmulator.Storage;

/// <summary>
/// The keys one document produces for one index. Nearly always exactly one (only arrays make several), so a
/// single key is held directly: no list per index per written document.
/// </summary>
internal readonly struct IndexKeys
{
    private readonly BsonValue[]? _single;
    private readonly List<BsonValue[]>? _many;

    public IndexKeys(BsonValue[] single)
    {
        _single = single;
    }

    public IndexKeys(List<BsonValue[]> many)
    {
        if (many.Count == 1)
        {
            _single = many[0];
        }
        else
        {
            _many = many;
        }
    }

    /// <summary>No keys (a sparse index skipping a document without the fields).</summary>
    public static IndexKeys None => default;

    public int Count => _single is not null ? 1 : _many?.Count ?? 0;

    public BsonValue[] this[int index] => _single is not null && index == 0 ? _single : _many![index];
}
