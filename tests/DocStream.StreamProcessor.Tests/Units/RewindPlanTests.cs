using Confluent.Kafka;
using DocStream.StreamProcessor.Control;

namespace DocStream.StreamProcessor.Tests.Units;

public sealed class RewindPlanTests
{
    private static readonly TopicPartition P0 = new(Messages.Topic, 0);
    private static readonly TopicPartition P1 = new(Messages.Topic, 1);

    [Fact]
    public void A_rewind_to_the_earliest_moves_each_partition_to_the_start_of_its_log()
    {
        var plan = RewindPlan.For([new RewindStart(P0, 100, 10, null), new RewindStart(P1, 50, 0, null)]);

        Assert.Equal([new TopicPartitionOffset(P0, 10), new TopicPartitionOffset(P1, 0)], plan.Moves);
        Assert.Equal(140, plan.Messages);
    }

    [Fact]
    public void A_rewind_to_a_time_moves_to_the_first_offset_at_that_time()
    {
        var plan = RewindPlan.For([new RewindStart(P0, 100, 10, 70)]);

        Assert.Equal([new TopicPartitionOffset(P0, 70)], plan.Moves);
        Assert.Equal(30, plan.Messages);
    }

    [Fact]
    public void A_log_truncated_past_the_committed_offset_has_nothing_to_read_again()
    {
        var plan = RewindPlan.For([new RewindStart(P0, 100, 500, null), new RewindStart(P1, 100, 500, 300)]);

        Assert.Empty(plan.Moves);
        Assert.Equal(0, plan.Messages);
    }

    [Fact]
    public void A_rewind_never_moves_a_partition_forward()
    {
        var plan = RewindPlan.For([new RewindStart(P0, 100, 10, 150)]);

        Assert.Empty(plan.Moves);
        Assert.Equal(0, plan.Messages);
    }

    [Fact]
    public void A_partition_with_no_message_that_late_does_not_move()
    {
        var plan = RewindPlan.For([new RewindStart(P0, 100, 10, -1)]);

        Assert.Empty(plan.Moves);
    }

    [Fact]
    public void Without_a_commit_the_position_is_the_start_of_the_log_so_nothing_moves()
    {
        var plan = RewindPlan.For([new RewindStart(P0, -1001, 10, null)]);

        Assert.Empty(plan.Moves);
    }
}
