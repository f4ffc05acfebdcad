using DocStream.Dashboard.Charts;

namespace DocStream.Dashboard.Tests;

public class RoundTicksTests
{
    [Theory]
    // The axis: -£22.2k to £105k gave ticks 105k, 73.2k, 41.4k, 9,586, -22.2k.
    [InlineData(-22_200, 105_000, 6, new double[] { -50_000, 0, 50_000, 100_000, 150_000 })]
    [InlineData(0, 97, 6, new double[] { 0, 20, 40, 60, 80, 100 })]
    [InlineData(0, 1, 6, new double[] { 0, 0.2, 0.4, 0.6, 0.8, 1 })]
    [InlineData(0, 0.3, 4, new double[] { 0, 0.1, 0.2, 0.3 })]
    [InlineData(0, 3, 6, new double[] { 0, 1, 2, 3 })]
    [InlineData(0, 2, 6, new double[] { 0, 0.5, 1, 1.5, 2 })]
    public void Ticks_start_and_end_on_round_steps_that_cover_the_range(double min, double max, int maxTicks, double[] expected)
    {
        var ticks = RoundTicks.For(min, max, maxTicks);
        Assert.Equal(expected, ticks);
    }

    [Fact]
    public void A_minimum_step_of_one_keeps_counts_whole()
    {
        Assert.Equal([0, 1, 2], RoundTicks.For(0, 2, 6, minimumStep: 1));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 5)]
    [InlineData(-7, -7)]
    public void A_single_value_still_gets_an_axis_of_round_ticks_that_contains_it_and_zero(double min, double max)
    {
        var ticks = RoundTicks.For(min, max);
        Assert.True(ticks.Count >= 2);
        Assert.Contains(0, ticks);
        Assert.True(ticks[0] <= min && ticks[^1] >= max);
        Assert.True(RoundTicks.IsRoundStep(RoundTicks.StepOf(ticks)));
    }

    public static TheoryData<double, double, int> Ranges()
    {
        var data = new TheoryData<double, double, int>();
        var random = new Random(17);
        for (var i = 0; i < 200; i++)
        {
            var scale = Math.Pow(10, random.Next(-3, 9));
            var a = (random.NextDouble() * 2 - 0.5) * scale;
            var b = (random.NextDouble() * 2 - 0.5) * scale;
            data.Add(Math.Min(a, b), Math.Max(a, b), random.Next(3, 10));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Every_range_gets_at_most_the_asked_ticks_on_a_one_two_five_step_covering_it(double min, double max, int maxTicks)
    {
        var ticks = RoundTicks.For(min, max, maxTicks);

        Assert.InRange(ticks.Count, 2, maxTicks);
        Assert.True(ticks[0] <= min && ticks[^1] >= max, $"{ticks[0]}..{ticks[^1]} covers {min}..{max}");
        var step = RoundTicks.StepOf(ticks);
        Assert.True(RoundTicks.IsRoundStep(step), $"step {step}");
        for (var i = 1; i < ticks.Count; i++)
        {
            Assert.Equal(step, ticks[i] - ticks[i - 1], step * 1e-9);
            Assert.Equal(0, Math.Abs(Math.IEEERemainder(ticks[i], step)), step * 1e-9);
        }
        if (min < 0 && max > 0)
        {
            Assert.Contains(0, ticks);
        }
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(0.02, true)]
    [InlineData(50_000, true)]
    [InlineData(3, false)]
    [InlineData(31_800, false)]
    [InlineData(0, false)]
    public void Round_steps_are_one_two_or_five_times_a_power_of_ten(double step, bool round)
    {
        Assert.Equal(round, RoundTicks.IsRoundStep(step));
    }
}
