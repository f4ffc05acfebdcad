using DocStream.MongoEmulator.Storage;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.MongoEmulator.Tests;

/// <summary>
/// Journal compaction while writers run: a small threshold makes it happen after a few batches, and a
/// <see cref="CompactionPause"/> holds it at one step, where the test writes on or copies the files as a kill would leave them.
/// </summary>
public sealed class CompactionTests
{
    private const long SmallThreshold = 64 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static IMongoCollection<BsonDocument> Lines(EmulatorHost host) => host.Database().GetCollection<BsonDocument>("lines");

    private static IEnumerable<BsonDocument> Batch(int first, int count) =>
        Enumerable.Range(first, count).Select(i => new BsonDocument { { "_id", i }, { "code", $"K{i}" }, { "text", new string('x', 200) } });

    /// <summary>Inserts batches of 100 until the pause reports that a compaction reached its step; returns the documents written.</summary>
    private static async Task<int> WriteUntilCompactionPausesAsync(IMongoCollection<BsonDocument> lines, CompactionPause pause)
    {
        var written = 0;
        while (!pause.Reached.IsCompleted)
        {
            var insert = lines.InsertManyAsync(Batch(written + 1, 100));
            await Task.WhenAny(insert, pause.Reached);
            if (!insert.IsCompleted)
            {
                await Task.WhenAny(insert, Task.Delay(TimeSpan.FromSeconds(3)));
            }
            if (!insert.IsCompleted)
            {
                return written; // paused inside this command, under the write lock: it is not acknowledged
            }
            await insert;
            written += 100;
            Assert.True(written < 100_000, "no compaction started");
        }
        return written;
    }

    [Fact]
    public async Task Writers_go_on_while_a_compaction_writes_the_snapshot()
    {
        using var pause = new CompactionPause(CompactionStage.SnapshotWritten);
        await using var host = await EmulatorHost.StartAsync(compaction: new CompactionSettings(SmallThreshold, pause.Observe));
        var lines = Lines(host);
        try
        {
            var written = await WriteUntilCompactionPausesAsync(lines, pause);

            // The snapshot writer is held: a write must still be acknowledged (the old compaction held the write lock throughout).
            var insert = lines.InsertManyAsync(Batch(written + 1, 100));
            Assert.Same(insert, await Task.WhenAny(insert, Task.Delay(TimeSpan.FromSeconds(5))));
            await insert;
            Assert.Equal(written + 100, await lines.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
        }
        finally
        {
            pause.Release();
        }
    }

    [Theory]
    [InlineData(nameof(CompactionStage.JournalRotated))]
    [InlineData(nameof(CompactionStage.SnapshotWritten))]
    [InlineData(nameof(CompactionStage.SnapshotInPlace))]
    public async Task A_kill_at_any_step_of_a_compaction_keeps_every_acknowledged_write(string stageName)
    {
        var stage = Enum.Parse<CompactionStage>(stageName);
        using var pause = new CompactionPause(stage);
        var killed = EmulatorHost.NewDataDirectory();
        int written;
        await using (var host = await EmulatorHost.StartAsync(compaction: new CompactionSettings(SmallThreshold, pause.Observe)))
        {
            var lines = Lines(host);
            await lines.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
                Builders<BsonDocument>.IndexKeys.Ascending("code"), new CreateIndexOptions { Unique = true }));
            try
            {
                written = await WriteUntilCompactionPausesAsync(lines, pause);
                if (stage != CompactionStage.JournalRotated)
                {
                    // Writes after the rotation land in the new journal, on top of the snapshot being written.
                    await lines.InsertManyAsync(Batch(written + 1, 10));
                    await lines.ReplaceOneAsync(new BsonDocument("_id", 1), new BsonDocument { { "_id", 1 }, { "code", "changed" } });
                    await lines.DeleteOneAsync(new BsonDocument("_id", 2));
                }
                CopyDirectory(host.DataDirectory, killed); // the files as a kill at this step leaves them
            }
            finally
            {
                pause.Release();
            }
        }

        await using var recovered = await EmulatorHost.StartAsync(dataDirectory: killed);
        var again = Lines(recovered);
        if (stage == CompactionStage.JournalRotated)
        {
            Assert.True(await again.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty) >= written);
            Assert.Equal(written, await again.CountDocumentsAsync(Builders<BsonDocument>.Filter.Lte("_id", written)));
        }
        else
        {
            Assert.Equal(written + 10 - 1, await again.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
            Assert.Equal("changed", (await again.Find(new BsonDocument("_id", 1)).SingleAsync())["code"].AsString);
            Assert.Equal(0, await again.CountDocumentsAsync(new BsonDocument("_id", 2)));
        }
        var indexes = (await (await again.Indexes.ListAsync()).ToListAsync()).Select(i => i["name"].AsString).ToList();
        Assert.Equal(["_id_", "code_1"], indexes);
        // Recovery folded everything into the snapshot: no journal is left to replay.
        Assert.False(File.Exists(Path.Combine(killed, "shop", "lines.journal-compacting")));
    }

    [Fact]
    public async Task A_collection_dropped_during_a_compaction_stays_dropped()
    {
        using var pause = new CompactionPause(CompactionStage.SnapshotWritten);
        await using var host = await EmulatorHost.StartAsync(compaction: new CompactionSettings(SmallThreshold, pause.Observe));
        Task drop;
        try
        {
            await WriteUntilCompactionPausesAsync(Lines(host), pause);
            drop = host.Database().DropCollectionAsync("lines");
        }
        finally
        {
            pause.Release();
        }
        await drop.WaitAsync(Patience);

        await host.RestartAsync();

        Assert.DoesNotContain("lines", await (await host.Database().ListCollectionNamesAsync()).ToListAsync());
        Assert.Empty(Directory.GetFiles(host.DataDirectory, "lines.*", SearchOption.AllDirectories));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Holds the first compaction that reaches <paramref name="stage"/> until <see cref="Release"/>.</summary>
    private sealed class CompactionPause(CompactionStage stage) : IDisposable
    {
        private readonly ManualResetEventSlim _released = new();
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public void Observe(string collection, CompactionStage reached)
        {
            if (reached == stage && _reached.TrySetResult())
            {
                _released.Wait(Patience);
            }
        }

        public void Release() => _released.Set();

        public void Dispose()
        {
            _released.Set();
            _released.Dispose();
        }
    }
}
