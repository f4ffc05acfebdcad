namespace DocStream.Dashboard.Operations.Redrive;

/// <summary>The answer to a re-drive or a dry run: one outcome per dead letter asked for.</summary>
public sealed record RedriveReport(bool DryRun, IReadOnlyList<RedriveOutcome> Outcomes)
{
    /// <summary>More dead letters matched the filter than one action takes (<see cref="RedriveOptions.MaxBulk"/>): only the oldest were taken.</summary>
    public bool Truncated { get; init; }

    public int Resent => Count(RedriveOutcomeKind.Resent);
    public int Invalid => Count(RedriveOutcomeKind.Invalid);
    public int Gaps => Count(RedriveOutcomeKind.Gap);
    public int HeldBack => Count(RedriveOutcomeKind.HeldBack);
    public int Failed => Count(RedriveOutcomeKind.Failed);
    public int NotFound => Count(RedriveOutcomeKind.NotFound);

    public IEnumerable<RedriveOutcome> Of(RedriveOutcomeKind kind) => Outcomes.Where(o => o.Kind == kind);

    /// <summary>One line for the page and the audit trail.</summary>
    public string Summary()
    {
        var parts = new List<string> { DryRun ? $"{Resent} would be re-sent" : $"{Resent} re-sent" };
        parts.Add($"{Invalid} invalid");
        parts.Add($"{Gaps} offset gap(s) (cannot be re-driven)");
        parts.Add($"{HeldBack} held back by the loop guard");
        if (Failed > 0)
        {
            parts.Add($"{Failed} not acknowledged by Kafka");
        }
        if (NotFound > 0)
        {
            parts.Add($"{NotFound} not found");
        }
        if (Truncated)
        {
            parts.Add($"only the oldest {Outcomes.Count} matching were taken: run it again for the rest");
        }
        return string.Join(", ", parts);
    }

    private int Count(RedriveOutcomeKind kind) => Outcomes.Count(o => o.Kind == kind);
}
