namespace DocStream.IngestApi.Admission;

/// <summary>
/// The last lag reading and the decision taken on it. <see cref="Unknown"/> until the first reading: the API admits
/// then (a broker it cannot reach refuses the documents itself, with 503).
/// </summary>
/// <param name="WorstPartition">The partition with the most unconsumed messages, -1 when unknown.</param>
public sealed record AdmissionState(bool Shedding, long WorstLag, int WorstPartition, long TotalLag, DateTime ReadAt)
{
    public static readonly AdmissionState Unknown = new(false, 0, -1, 0, DateTime.MinValue);

    /// <summary>The next state for a reading of lag by partition, with hysteresis around the budget.</summary>
    public static AdmissionState Next(AdmissionState previous, IReadOnlyDictionary<int, long> lagByPartition, AdmissionOptions options, DateTime now)
    {
        var (worstPartition, worstLag) = lagByPartition.Count == 0
            ? (-1, 0L)
            : lagByPartition.MaxBy(p => p.Value) is var worst ? (worst.Key, worst.Value) : default;
        var limit = previous.Shedding ? (long)(options.MaxLagPerPartition * options.ResumeBelow) : options.MaxLagPerPartition;
        var shedding = options.Enabled && (previous.Shedding ? worstLag >= limit : worstLag > limit);
        return new AdmissionState(shedding, worstLag, worstPartition, lagByPartition.Values.Sum(), now);
    }
}
