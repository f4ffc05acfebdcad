using System.Diagnostics;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>
/// serverStatus, dbStats and collStats: the figures admin tools show (Mongo Express's server, database and
/// collection pages). Sizes honour <c>scale</c> as mongod does (whole bytes divided, rounded down).
/// </summary>
internal static class StatisticsCommands
{
    public static void Register(Dictionary<string, Func<CommandContext, BsonDocument>> handlers)
    {
        handlers["serverStatus"] = ServerStatus;
        handlers["serverstatus"] = ServerStatus;
        handlers["dbStats"] = DatabaseStatistics;
        handlers["dbstats"] = DatabaseStatistics;
        handlers["collStats"] = CollectionStatisticsReply;
        handlers["collstats"] = CollectionStatisticsReply;
    }

    private static BsonDocument ServerStatus(CommandContext ctx)
    {
        var activity = ctx.Server.Activity;
        var now = DateTime.UtcNow;
        var uptime = now - activity.StartedAt;
        using var process = Process.GetCurrentProcess();
        // The emulator does not queue on a global lock: nothing waits, so queues and active clients are zero.
        var idle = new BsonDocument { { "total", 0 }, { "readers", 0 }, { "writers", 0 } };
        return new BsonDocument
        {
            { "host", Environment.MachineName },
            { "version", HandshakeCommands.Version },
            { "process", "mongod" },
            { "pid", (long)Environment.ProcessId },
            { "uptime", Math.Floor(uptime.TotalSeconds) },
            { "uptimeMillis", (long)uptime.TotalMilliseconds },
            { "uptimeEstimate", (long)uptime.TotalSeconds },
            { "localTime", new BsonDateTime(now) },
            {
                "connections", new BsonDocument
                {
                    { "current", (int)activity.CurrentConnections },
                    { "available", (int)Math.Max(0, ServerActivity.MaxConnections - activity.CurrentConnections) },
                    { "totalCreated", activity.TotalConnections },
                }
            },
            {
                "globalLock", new BsonDocument
                {
                    { "totalTime", (long)(uptime.TotalMilliseconds * 1000) },
                    { "currentQueue", idle },
                    { "activeClients", idle.DeepClone() },
                }
            },
            {
                "mem", new BsonDocument
                {
                    { "bits", 64 },
                    { "resident", (int)(process.WorkingSet64 / (1024 * 1024)) },
                    { "virtual", (int)(process.VirtualMemorySize64 / (1024 * 1024)) },
                    { "supported", true },
                }
            },
            {
                "opcounters", new BsonDocument
                {
                    { "insert", activity.Inserts },
                    { "query", activity.Queries },
                    { "update", activity.Updates },
                    { "delete", activity.Deletes },
                    { "getmore", activity.GetMores },
                    { "command", activity.Commands },
                }
            },
            { "storageEngine", new BsonDocument { { "name", "docstream-journal" }, { "persistent", true } } },
            { "ok", 1.0 },
        };
    }

    private static BsonDocument DatabaseStatistics(CommandContext ctx)
    {
        var scale = Scale(ctx);
        var collections = ctx.Server.Storage.CollectionsOf(ctx.Database)
            .Select(c => ctx.Server.Storage.Read(ctx.Database, c.Name, found => found is null ? CollectionStatistics.Empty : CollectionStatistics.Of(found)))
            .ToList();
        var objects = collections.Sum(c => c.Count);
        var dataSize = collections.Sum(c => c.Size);
        var storageSize = collections.Sum(c => c.StorageSize);
        var indexSize = collections.Sum(c => c.TotalIndexSize);
        var reply = new BsonDocument
        {
            { "db", ctx.Database },
            { "collections", collections.Count },
            { "views", 0 },
            { "objects", objects },
            { "avgObjSize", objects == 0 ? 0.0 : (double)dataSize / objects },
            { "dataSize", (double)(dataSize / scale) },
            { "storageSize", (double)(storageSize / scale) },
            { "indexes", collections.Sum(c => c.IndexSizes.Count) },
            { "indexSize", (double)(indexSize / scale) },
            { "totalSize", (double)((storageSize + indexSize) / scale) },
            { "scaleFactor", scale },
        };
        var drive = FileSystem(ctx.Server.Storage.DataDirectory);
        if (drive is not null)
        {
            reply["fsUsedSize"] = (double)((drive.TotalSize - drive.AvailableFreeSpace) / scale);
            reply["fsTotalSize"] = (double)(drive.TotalSize / scale);
        }
        reply["ok"] = 1.0;
        return reply;
    }

    private static BsonDocument CollectionStatisticsReply(CommandContext ctx)
    {
        var scale = Scale(ctx);
        var name = ctx.CollectionName;
        var stats = ctx.Server.Storage.Read(ctx.Database, name, c => c is null ? CollectionStatistics.Empty : CollectionStatistics.Of(c));
        var indexSizes = new BsonDocument();
        foreach (var (index, size) in stats.IndexSizes)
        {
            indexSizes[index] = size / scale;
        }
        return new BsonDocument
        {
            { "ns", $"{ctx.Database}.{name}" },
            { "size", stats.Size / scale },
            { "count", stats.Count },
            { "avgObjSize", stats.Count == 0 ? 0 : stats.Size / stats.Count },
            { "storageSize", stats.StorageSize / scale },
            { "freeStorageSize", 0L },
            { "capped", false },
            { "nindexes", stats.IndexSizes.Count },
            { "indexBuilds", new BsonArray() },
            { "totalIndexSize", stats.TotalIndexSize / scale },
            { "totalSize", (stats.StorageSize + stats.TotalIndexSize) / scale },
            { "indexSizes", indexSizes },
            { "scaleFactor", scale },
            { "ok", 1.0 },
        };
    }

    private static long Scale(CommandContext ctx)
    {
        var scale = ctx.Command.TryGetValue("scale", out var value) && !value.IsBsonNull ? value.ToInt64() : 1;
        if (scale < 1)
        {
            throw new MongoCommandException(MongoErrorCodes.BadValue, "Scale factor must be greater than zero");
        }
        return scale;
    }

    private static DriveInfo? FileSystem(string directory)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(directory));
        }
        catch (ArgumentException)
        {
            return null; // not on a mounted file system the runtime can name
        }
    }
}
