namespace DocStream.Contracts;

/// <summary>Names shared by the AppHost and the services. Seed-compatible where the seed named them.</summary>
public static class PipelineNames
{
    /// <summary>Aspire resource / connection-string name of the Kafka cluster.</summary>
    public const string Kafka = "kafka";

    /// <summary>Aspire resource name of the MongoDB server.</summary>
    public const string MongoServer = "mongo";

    /// <summary>Aspire resource name of the database, and the database's own name (the seed's).</summary>
    public const string Database = "docstreaming";

    /// <summary>Topic the ingest API writes to (the seed's name).</summary>
    public const string IngestTopic = "ingestion-topic";

    /// <summary>Topic for messages the processor can never write.</summary>
    public const string DeadLetterTopic = "ingestion-dead-letter";

    /// <summary>Partitions of the ingest topic: room for several processor instances.</summary>
    public const int IngestTopicPartitions = 12;

    /// <summary>The stream processor's consumer group: its committed offsets say what is stored.</summary>
    public const string ProcessorGroup = "docstream-processor";

    public const string InvoicesCollection = "invoices";
    public const string DeadLettersCollection = "dead_letters";

    /// <summary>One document per processor instance with its live figures, for the dashboard.</summary>
    public const string ProcessorStatusCollection = "processor_status";

    /// <summary>Each ingest API instance's admission state (<see cref="IngestAdmissionStatus"/>).</summary>
    public const string IngestStatusCollection = "ingest_status";

    /// <summary>The operators' switches (<see cref="ProcessingControl"/>).</summary>
    public const string ControlCollection = "pipeline_control";

    /// <summary>Every operator action (<see cref="OperatorAuditEntry"/>).</summary>
    public const string AuditCollection = "operator_audit";

    /// <summary>Kafka header carrying the document id (the message key is the InvoiceNo).</summary>
    public const string DocumentIdHeader = "docstream-id";

    /// <summary>Header with the API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";
}
