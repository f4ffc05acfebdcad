namespace DocStream.IngestApi.Admission;

/// <summary>
/// The last lag reading and the decision taken on it. <see cref="Unknown"/> until the first reading: the API admits
/// then (a broker it cannot reach refuses the documents itself, with 503).
/// </summary>
/// <param name="WorstPartition">The partition with the most unconsumed messages, -1 when unknown.</param>
public sealed record AdmissionState(bool Shedding, long WorstLag, int WorstPartition, long TotalLag, DateTime ReadAt)
{
    public const string OverMessages = "messages";
    public const string OverAge = "age";

    public static readonly AdmissionState Unknown = new(false, 0, -1, 0, DateTime.MinValue);

    /// <summary>The age of the oldest message not yet written, over all partitions (zero when none waits).</summary>
    public TimeSpan OldestAge { get; init; }

    /// <summary>Which budget is exceeded while shedding (<see cref="OverMessages"/> or <see cref="OverAge"/>); null while admitting.</summary>
    public string? Cause { get; init; }

    /// <summary>
    /// The next state for a reading of lag by partition and of the oldest unwritten message's age, with hysteresis
    /// around both budgets: once shedding, it accepts again only when both are below their resume share.
    /// </summary>
    public static AdmissionState Next(AdmissionState previous, IReadOnlyDictionary<int, long> lagByPartition, AdmissionOptions options, DateTime now,
        TimeSpan oldestAge = default)
    {
        var (worstPartition, worstLag) = lagByPartition.Count == 0
            ? (-1, 0L)
            : lagByPartition.MaxBy(p => p.Value) is var worst ? (worst.Key, worst.Value) : default;
        var overMessages = previous.Shedding
            ? worstLag >= (long)(options.MaxLagPerPartition * options.ResumeBelow)
            : worstLag > options.MaxLagPerPartition;
        var overAge = options.MaxLagAge > TimeSpan.Zero && (previous.Shedding
            ? oldestAge >= options.MaxLagAge * options.ResumeBelow
            : oldestAge > options.MaxLagAge);
        var shedding = options.Enabled && (overMessages || overAge);
        return new AdmissionState(shedding, worstLag, worstPartition, lagByPartition.Values.Sum(), now)
        {
            OldestAge = oldestAge,
            Cause = !shedding ? null : overMessages ? OverMessages : OverAge,
        };
    }

    /// <summary>Why the API sheds, for the 503 answer, the health report and the log.</summary>
    public string Describe(AdmissionOptions options) => Cause == OverAge
        ? $"the oldest document not yet stored has waited {OldestAge.TotalMinutes:0.#} min (budget {options.MaxLagAge.TotalMinutes:0.#} min)"
        : $"partition {WorstPartition} holds {WorstLag} documents not yet stored (budget {options.MaxLagPerPartition})";
}
