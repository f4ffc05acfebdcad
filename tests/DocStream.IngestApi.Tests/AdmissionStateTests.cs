using DocStream.IngestApi.Admission;

namespace DocStream.IngestApi.Tests;

/// <summary>The shedding decision on a lag reading: over the budget sheds, and only well under it accepts again.</summary>
public sealed class AdmissionStateTests
{
    private static readonly AdmissionOptions Options = new() { MaxLagPerPartition = 1_000, ResumeBelow = 0.8 };
    private static readonly DateTime Now = new(2026, 12, 2, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Any_partition_over_the_budget_sheds_and_names_that_partition()
    {
        var state = AdmissionState.Next(AdmissionState.Unknown, new Dictionary<int, long> { [0] = 10, [7] = 1_001, [3] = 999 }, Options, Now);

        Assert.True(state.Shedding);
        Assert.Equal((7, 1_001L, 2_010L), (state.WorstPartition, state.WorstLag, state.TotalLag));
    }

    [Fact]
    public void At_the_budget_it_still_accepts()
    {
        Assert.False(AdmissionState.Next(AdmissionState.Unknown, new Dictionary<int, long> { [0] = 1_000 }, Options, Now).Shedding);
    }

    [Theory]
    [InlineData(900, true)]
    [InlineData(800, true)]
    [InlineData(799, false)]
    public void Once_shedding_it_accepts_again_only_below_the_resume_share(long lag, bool shedding)
    {
        var over = AdmissionState.Next(AdmissionState.Unknown, new Dictionary<int, long> { [0] = 1_500 }, Options, Now);

        Assert.Equal(shedding, AdmissionState.Next(over, new Dictionary<int, long> { [0] = lag }, Options, Now).Shedding);
    }

    [Fact]
    public void Disabled_never_sheds()
    {
        var disabled = new AdmissionOptions { Enabled = false, MaxLagPerPartition = 1_000 };
        Assert.False(AdmissionState.Next(AdmissionState.Unknown, new Dictionary<int, long> { [0] = 1_000_000 }, disabled, Now).Shedding);
    }

    [Fact]
    public void The_oldest_unwritten_document_over_the_age_budget_sheds_whatever_the_message_count()
    {
        var options = new AdmissionOptions { MaxLagPerPartition = 1_000, MaxLagAge = TimeSpan.FromMinutes(30) };

        var state = AdmissionState.Next(AdmissionState.Unknown, new Dictionary<int, long> { [0] = 3 }, options, Now, TimeSpan.FromMinutes(31));

        Assert.True(state.Shedding);
        Assert.Equal(AdmissionState.OverAge, state.Cause);
        Assert.Equal("the oldest document not yet stored has waited 31 min (budget 30 min)", state.Describe(options));
        Assert.False(AdmissionState.Next(AdmissionState.Unknown, new Dictionary<int, long> { [0] = 3 }, options, Now, TimeSpan.FromMinutes(30)).Shedding);
    }

    [Theory]
    [InlineData(25, true)]
    [InlineData(24, true)]
    [InlineData(23.9, false)]
    public void Once_shedding_for_age_it_accepts_again_only_below_the_resume_share_of_the_age_budget(double minutes, bool shedding)
    {
        var options = new AdmissionOptions { MaxLagPerPartition = 1_000, MaxLagAge = TimeSpan.FromMinutes(30), ResumeBelow = 0.8 };
        var over = AdmissionState.Next(AdmissionState.Unknown, new Dictionary<int, long> { [0] = 3 }, options, Now, TimeSpan.FromHours(1));

        Assert.Equal(shedding, AdmissionState.Next(over, new Dictionary<int, long> { [0] = 3 }, options, Now, TimeSpan.FromMinutes(minutes)).Shedding);
    }

    [Fact]
    public void Over_both_budgets_the_message_count_is_named_and_a_zero_age_budget_is_off()
    {
        var options = new AdmissionOptions { MaxLagPerPartition = 1_000, MaxLagAge = TimeSpan.FromMinutes(30) };
        Assert.Equal(AdmissionState.OverMessages,
            AdmissionState.Next(AdmissionState.Unknown, new Dictionary<int, long> { [4] = 2_000 }, options, Now, TimeSpan.FromHours(2)).Cause);

        var noAgeBudget = new AdmissionOptions { MaxLagPerPartition = 1_000, MaxLagAge = TimeSpan.Zero };
        Assert.False(AdmissionState.Next(AdmissionState.Unknown, new Dictionary<int, long> { [0] = 3 }, noAgeBudget, Now, TimeSpan.FromDays(3)).Shedding);
    }
}
