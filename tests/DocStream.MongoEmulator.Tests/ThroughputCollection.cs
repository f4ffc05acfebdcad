namespace DocStream.MongoEmulator.Tests;

/// <summary>Timing tests run alone (not in parallel with other test classes) so their numbers mean something.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThroughputCollection
{
    public const string Name = "Throughput (runs alone)";
}
