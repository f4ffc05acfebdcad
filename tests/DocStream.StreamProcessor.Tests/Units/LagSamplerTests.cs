using DocStream.StreamProcessor.Telemetry;

namespace DocStream.StreamProcessor.Tests.Units;

public sealed class LagSamplerTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Lag_is_the_distance_from_the_position_to_the_end_of_each_partition()
    {
        var sample = new LagSampler().Sample([new PartitionOffsets(0, 0, 100, 60), new PartitionOffsets(1, 0, 50, 50)], Now);

        Assert.Equal(40, sample.ByPartition[0]);
        Assert.Equal(0, sample.ByPartition[1]);
        Assert.Equal(150, sample.ProducedOffsets);
    }

    [Fact]
    public void Without_a_position_yet_the_lag_counts_from_the_start_of_the_log()
    {
        var sample = new LagSampler().Sample([new PartitionOffsets(0, 20, 100, -1001)], Now);

        Assert.Equal(80, sample.ByPartition[0]);
    }

    [Fact]
    public void A_partition_whose_end_is_unknown_is_left_out()
    {
        var sample = new LagSampler().Sample([new PartitionOffsets(0, -1001, -1001, -1001)], Now);

        Assert.Empty(sample.ByPartition);
        Assert.Equal(0, sample.ProducedOffsets);
    }

    [Fact]
    public void The_oldest_unwritten_message_is_as_old_as_the_last_written_one_of_the_partition_furthest_behind()
    {
        var lag = new LagSampler();
        lag.Written([Messages.Document("a", partition: 0, producedAt: Now.AddSeconds(-30)), Messages.Document("b", partition: 0, offset: 1, producedAt: Now.AddSeconds(-20))]);
        lag.Written([Messages.Document("c", partition: 1, producedAt: Now.AddSeconds(-5))]);

        var sample = lag.Sample([new PartitionOffsets(0, 0, 10, 2), new PartitionOffsets(1, 0, 10, 1)], Now);

        Assert.Equal(TimeSpan.FromSeconds(20), sample.OldestUnwritten);
    }

    [Fact]
    public void A_partition_caught_up_is_not_behind_in_time()
    {
        var lag = new LagSampler();
        lag.Written([Messages.Document("a", partition: 0, producedAt: Now.AddMinutes(-10))]);

        var sample = lag.Sample([new PartitionOffsets(0, 0, 1, 1)], Now);

        Assert.Equal(TimeSpan.Zero, sample.OldestUnwritten);
    }

    [Fact]
    public void Samples_are_taken_at_most_once_per_interval()
    {
        var lag = new LagSampler();

        Assert.True(lag.TryStart(Now));
        Assert.False(lag.TryStart(Now + LagSampler.Interval - TimeSpan.FromMilliseconds(1)));
        Assert.True(lag.TryStart(Now + LagSampler.Interval));
    }
}
