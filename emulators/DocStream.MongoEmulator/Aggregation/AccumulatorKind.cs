namespace DocStream.MongoEmulator.Aggregation;

/// <summary>The $group accumulators the emulator implements.</summary>
internal enum AccumulatorKind
{
    Sum,
    Avg,
    Min,
    Max,
    First,
    Last,
    Push,
    AddToSet,
    Count,
}
