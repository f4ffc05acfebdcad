namespace DocStream.IngestApi.Tests.Infrastructure;

/// <summary>
/// One API and one emulator shared by the tests that keep Kafka running. Tests of one collection run one
/// after another, so a test may compare the topic's end offsets before and after it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class IngestApiCollection : ICollectionFixture<IngestApiHost>
{
    public const string Name = "Ingest API with Kafka";
}
