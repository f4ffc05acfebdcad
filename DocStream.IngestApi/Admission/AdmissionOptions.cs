using System.ComponentModel.DataAnnotations;
using DocStream.Contracts;

namespace DocStream.IngestApi.Admission;

/// <summary>
/// <c>Ingest:Admission</c>: when the API stops accepting documents because the processor is too far behind, in messages
/// or in time.
/// The default budget fits the Kafka emulator, whose log keeps about 5 MiB per partition: 10,000 unconsumed
/// messages of the largest documents the API takes as singles (~400 bytes with headers) stay under 4 MiB, so the log
/// never drops an acknowledged document before it is stored. Real Kafka retains by time (7 days by default): the
/// AppHost raises the budget there.
/// </summary>
public sealed class AdmissionOptions
{
    public const string SectionName = "Ingest:Admission";

    public bool Enabled { get; set; } = true;

    /// <summary>Unconsumed messages (end offset minus the processor's committed offset) allowed in any one partition.</summary>
    [Range(100, 100_000_000)]
    public long MaxLagPerPartition { get; set; } = 10_000;

    /// <summary>
    /// The age allowed for the oldest message not yet written, in any partition; zero turns the age budget off. The
    /// pipeline promises documents stored in seconds: half an hour behind means the processor is down or far too slow,
    /// and the senders are better told to wait than left to fill a log whose time-based retention will drop them.
    /// </summary>
    public TimeSpan MaxLagAge { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often, at most, the age of each partition's oldest unwritten message is read (one message each).</summary>
    public TimeSpan AgeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Once shedding, accept again only below this share of the budget, so the API does not flap at the edge.</summary>
    [Range(0.1, 1.0)]
    public double ResumeBelow { get; set; } = 0.8;

    [Required]
    public string ConsumerGroup { get; set; } = PipelineNames.ProcessorGroup;

    /// <summary>How often the lag is read from Kafka.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>What a refused client is told to wait.</summary>
    [Range(1, 300)]
    public int RetryAfterSeconds { get; set; } = 2;
}
