using DocStream.Dashboard.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DocStream.Dashboard.Tests;

/// <summary>The snapshot service repeats the full aggregation only when the lines' version moved since the last one.</summary>
public class AnalyticsRefreshTests
{
    private sealed class CountingQueries : IAnalyticsQueries
    {
        public int Runs { get; private set; }

        public Task<AnalyticsSnapshot> ComputeAsync(CancellationToken cancellationToken = default)
        {
            Runs++;
            return Task.FromResult(Snapshots.Sample(lines: 1_000 + Runs));
        }
    }

    private sealed class SettableVersion : IAnalyticsDataVersion
    {
        public string Token { get; set; } = "1000;processor-a=1000";

        public Task<string> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(Token);
    }

    private static AnalyticsSnapshotService Service(IAnalyticsQueries queries, IAnalyticsDataVersion version) =>
        new(queries, Options.Create(new AnalyticsOptions()), TimeProvider.System, NullLogger<AnalyticsSnapshotService>.Instance, version);

    [Fact]
    public async Task A_tick_with_no_line_changed_keeps_the_figures_and_moves_their_as_of_time_without_aggregating()
    {
        var queries = new CountingQueries();
        var service = Service(queries, new SettableVersion());
        var changes = 0;
        service.Changed += () => changes++;

        await service.RefreshAsync(CancellationToken.None);
        var first = service.Current!;
        await service.RefreshAsync(CancellationToken.None);

        Assert.Equal(1, queries.Runs);
        Assert.Equal(first.TotalLines, service.Current!.TotalLines);
        Assert.True(service.Current.ComputedAt > first.ComputedAt, "the figures are current as of the last check");
        Assert.Equal(2, changes);
    }

    [Fact]
    public async Task A_new_version_of_the_lines_is_aggregated_again()
    {
        var queries = new CountingQueries();
        var version = new SettableVersion();
        var service = Service(queries, version);

        await service.RefreshAsync(CancellationToken.None);
        version.Token = "1000;processor-a=1250"; // a line replaced: same count, more documents written
        await service.RefreshAsync(CancellationToken.None);

        Assert.Equal(2, queries.Runs);
        Assert.Equal(1_002, service.Current!.TotalLines);
    }
}
