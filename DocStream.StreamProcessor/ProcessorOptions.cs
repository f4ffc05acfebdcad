using System.ComponentModel.DataAnnotations;
using DocStream.Contracts;

namespace DocStream.StreamProcessor;

/// <summary>Settings of the processor (section <c>Processor</c>), validated at start.</summary>
public sealed class ProcessorOptions
{
    public const string SectionName = "Processor";

    [Required] public string Topic { get; set; } = PipelineNames.IngestTopic;
    [Required] public string DeadLetterTopic { get; set; } = PipelineNames.DeadLetterTopic;
    [Required] public string GroupId { get; set; } = PipelineNames.ProcessorGroup;

    /// <summary>A micro-batch is written when it holds this many messages...</summary>
    [Range(1, 100_000)] public int MaxBatchSize { get; set; } = 5000;

    /// <summary>...or when its first message has waited this long (low latency under light load).</summary>
    [Range(1, 60_000)] public int MaxBatchWaitMs { get; set; } = 50;

    /// <summary>First and longest wait between write attempts while MongoDB is unavailable.</summary>
    [Range(10, 60_000)] public int RetryInitialBackoffMs { get; set; } = 250;
    [Range(100, 600_000)] public int RetryMaxBackoffMs { get; set; } = 5000;

    /// <summary>Concurrent bulk writes a large batch is split into (slices of at least 250 documents).</summary>
    [Range(1, 32)] public int WriteParallelism { get; set; } = 4;

    /// <summary>Attempts for a document MongoDB refuses with a duplicate key before it is dead-lettered.</summary>
    [Range(1, 100)] public int DuplicateKeyAttempts { get; set; } = 3;

    /// <summary>Name of this instance in <c>processor_status</c>; defaults to host and process id.</summary>
    public string? InstanceId { get; set; }
}
