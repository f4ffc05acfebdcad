using DocStream.Dashboard.Operations;
using DocStream.Dashboard.Kafka;

namespace DocStream.Dashboard.Tests;

/// <summary>The dry run's arithmetic, which must say exactly what the processor's rewind will read again.</summary>
public sealed class RewindPlanTests
{
    private static readonly PartitionOffsets[] Positions =
    [
        new(0, Earliest: 100, Latest: 900, Committed: 800),
        new(1, Earliest: 0, Latest: 50, Committed: null),
        new(2, Earliest: 500, Latest: 700, Committed: 400), // the log dropped messages the group never read
    ];

    [Fact]
    public void To_the_earliest_offset_each_partition_reads_from_its_earliest_to_its_committed_offset()
    {
        var plan = RewindPlan.For(Positions, offsetsAtTime: null);

        Assert.Equal([new PartitionRewind(0, 700, From: 100), new PartitionRewind(1, 0), new PartitionRewind(2, 0)], plan.Partitions);
        Assert.Equal(700, plan.Total);
    }

    [Fact]
    public void To_a_time_each_partition_reads_from_the_first_offset_at_that_time_never_forward_and_never_before_the_earliest()
    {
        var plan = RewindPlan.For(Positions, new Dictionary<int, long> { [0] = 650, [1] = 10, [2] = 450 });

        Assert.Equal([new PartitionRewind(0, 150, From: 650), new PartitionRewind(1, 0), new PartitionRewind(2, 0)], plan.Partitions);
    }

    [Fact]
    public void A_time_after_every_message_or_after_the_committed_offset_reads_nothing_again()
    {
        Assert.Equal(0, RewindPlan.For(Positions, new Dictionary<int, long> { [0] = -1, [2] = -1 }).Total);
        Assert.Equal(0, RewindPlan.For(Positions, new Dictionary<int, long> { [0] = 850 }).Total);
    }

    [Fact]
    public void A_time_before_the_earliest_message_reads_from_the_earliest()
    {
        Assert.Equal(700, RewindPlan.For(Positions, new Dictionary<int, long> { [0] = 0 }).Partitions[0].Messages);
    }
}
