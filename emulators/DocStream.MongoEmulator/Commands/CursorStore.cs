using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DocStream.MongoEmulator.Commands;

/// <summary>Open cursors by id. Cursors idle for 10 minutes are dropped, like MongoDB's default timeout.</summary>
internal sealed class CursorStore
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<long, ServerCursor> _cursors = new();

    public int Count => _cursors.Count;

    public long NewId()
    {
        while (true)
        {
            var id = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue;
            if (id != 0 && !_cursors.ContainsKey(id))
            {
                return id;
            }
        }
    }

    public void Add(ServerCursor cursor)
    {
        var cutoff = DateTime.UtcNow - IdleTimeout;
        foreach (var (id, c) in _cursors)
        {
            if (c.LastUsedUtc < cutoff)
            {
                _cursors.TryRemove(id, out _);
            }
        }
        _cursors[cursor.Id] = cursor;
    }

    public ServerCursor? Find(long id) => _cursors.GetValueOrDefault(id);

    public bool Remove(long id) => _cursors.TryRemove(id, out _);
}
