using DocStream.Contracts;
using DocStream.Dashboard.Data;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace DocStream.StreamProcessor.Tests.Units;

/// <summary>
/// Every document DocStream stores, as a sample in tests/Contracts/mongodb, read through its one type in
/// DocStream.Contracts and written back unchanged; the dashboard reads the same samples.
/// </summary>
public sealed class StoredDocumentContractTests
{
    private static BsonDocument Sample(string name) =>
        BsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Contracts", "mongodb", name)));

    public static TheoryData<string, Type> Samples => new()
    {
        { "invoices.json", typeof(InvoiceLine) },
        { "dead_letters.poison.json", typeof(DeadLetterDocument) },
        { "dead_letters.gap.json", typeof(DeadLetterDocument) },
        { "processor_status.json", typeof(ProcessorStatusDocument) },
        { "ingest_status.json", typeof(IngestAdmissionStatus) },
        { "pipeline_control.json", typeof(ProcessingControl) },
        { "operator_audit.json", typeof(OperatorAuditEntry) },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_stored_document_reads_into_its_type_and_writes_back_field_for_field(string sample, Type type)
    {
        var stored = Sample(sample);

        var typed = BsonSerializer.Deserialize(stored, type);
        var written = typed.ToBsonDocument(type);

        Assert.Equal(Normalized(stored).ToJson(), Normalized(written).ToJson());
    }

    [Fact]
    public void The_processors_dead_letter_is_what_the_dashboard_shows()
    {
        var letter = DeadLetterQueries.Parse(Sample("dead_letters.poison.json"));

        Assert.Equal("ingestion-topic:3:88", letter.Id);
        Assert.Equal(DeadLetter.PoisonKind, letter.Kind);
        Assert.Equal(3, letter.Partition);
        Assert.Equal(88, letter.Offset);
        Assert.Null(letter.LastOffset);
        Assert.Equal("not json", letter.Value);
        Assert.Equal("bm90IGpzb24=", letter.ValueBase64);
        Assert.Equal(new DateTime(2026, 3, 1, 12, 0, 1, DateTimeKind.Utc), letter.ReceivedAt);
        Assert.Equal(new RedriveMark(1, 0, new DateTime(2026, 3, 1, 12, 5, 0, DateTimeKind.Utc), "operator@example.test", "produced",
            "online-retail:17", 3, 912), letter.Redrive);
    }

    [Fact]
    public void A_gap_never_re_driven_has_its_range_and_no_marks_on_the_dashboard()
    {
        var letter = DeadLetterQueries.Parse(Sample("dead_letters.gap.json"));

        Assert.True(letter.IsGap);
        Assert.Equal((5L, 9L), (letter.Offset, letter.LastOffset!.Value));
        Assert.Null(letter.Redrive);
    }

    [Fact]
    public void The_processors_status_is_what_the_overview_shows()
    {
        var status = PipelineStatusQueries.Parse(Sample("processor_status.json"));

        Assert.Equal("host-1-4242", status.InstanceId);
        Assert.Equal(541_909, status.DocumentsWritten);
        Assert.Equal(5000, status.LastBatchSize);
        Assert.Equal(51_234.7, status.DocsPerSecond);
        Assert.Equal(50_211.2, status.IngestPerSecond);
        Assert.Equal(120, status.TotalLag);
        Assert.Equal(0.4, status.LagAgeSeconds);
        Assert.Equal(["0", "1"], status.LagByPartition.Keys);
        Assert.Equal(100, status.LagByPartition["0"]);
        Assert.Equal(2, status.DeadLetters);
        Assert.False(status.Paused);
    }

    /// <summary>Fields in name order, recursively: the contract is the names, types and values, not the order they are written in.</summary>
    private static BsonValue Normalized(BsonValue value) => value switch
    {
        BsonDocument d => new BsonDocument(d.Elements.OrderBy(e => e.Name, StringComparer.Ordinal).Select(e => new BsonElement(e.Name, Normalized(e.Value)))),
        BsonArray a => new BsonArray(a.Select(Normalized)),
        _ => value,
    };
}
