using System.Diagnostics;
using System.Text;
using DocStream.Contracts;
using DocStream.StreamProcessor.Consuming;
using DocStream.StreamProcessor.Storage;
using DocStream.StreamProcessor.Tests.Infrastructure;
using MongoDB.Bson;

namespace DocStream.StreamProcessor.Tests.Units;

/// <summary>
/// The processor encodes stored lines itself, without the driver's class map: its bytes must be exactly what the class map
/// of <see cref="InvoiceLine"/> writes (field names, order, types, <c>_meta</c>), whichever way the line was read.
/// </summary>
public sealed class StoredLineEncoderTests
{
    private static readonly DateTime StoredAt = new(2026, 3, 1, 12, 0, 0, 125, DateTimeKind.Utc);
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";

    public static TheoryData<string> Variants => new() { "plain", "no customer", "cancellation", "escaped text", "no trace", "no meta", "negative price" };

    private static InvoiceLine Variant(string name)
    {
        var line = Messages.Line("online-retail:2") with { Meta = new DocumentMeta(7, 1041, StoredAt, TraceId) };
        return name switch
        {
            "no customer" => line with { CustomerID = null },
            "cancellation" => line with { InvoiceNo = "C536379", Quantity = -1 },
            "escaped text" => line with { Description = "PRICE £ & \"QUOTED\" <TAG> \u00e9\\", Country = "EIRE\n" },
            "no trace" => line with { Meta = line.Meta! with { TraceId = null } },
            "no meta" => line with { Meta = null },
            "negative price" => line with { InvoiceNo = "A563185", StockCode = "B", UnitPrice = -11062.06m, Quantity = 1, Description = "" },
            _ => line,
        };
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void A_line_encodes_to_the_bytes_of_the_class_map(string variant)
    {
        var line = Variant(variant);

        Assert.Equal(line.ToBson(), StoredLineEncoder.EncodeWithOwnMeta(line).Bson);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void A_message_read_on_the_fast_path_encodes_to_the_bytes_of_the_class_map(string variant)
    {
        var line = Variant(variant);
        var stored = FastPath(InvoiceLineJson.Serialize(line), line.Meta);

        Assert.NotNull(stored);
        Assert.Equal(line.ToBson(), stored.Bson);
    }

    [Fact]
    public void Member_order_unknown_members_and_fields_the_api_does_not_send_change_nothing()
    {
        var line = Variant("plain");
        var json = """
            {"Country":"United Kingdom","Extra":{"nested":[1,{"a":null}]},"CustomerID":17850,"UnitPrice":2.55,"LineTotal":99,
             "IsCancellation":true,"Meta":{"partition":1},"InvoiceDate":"2010-12-01T08:26:00Z","Quantity":6,
             "Description":"WHITE HANGING HEART T-LIGHT HOLDER","StockCode":"85123A","InvoiceNo":"536365","Id":"online-retail:2"}
            """;

        Assert.Equal(line.ToBson(), FastPath(Encoding.UTF8.GetBytes(json), line.Meta)!.Bson);
    }

    [Theory]
    [InlineData("""{"Id":"a-1","Id":"a-2","InvoiceNo":"536365","StockCode":"1","Description":"","Quantity":1,"InvoiceDate":"2010-12-01T08:26:00Z","UnitPrice":1,"Country":"X"}""")]
    [InlineData("""{"InvoiceNo":"536365","StockCode":"1","Description":"","Quantity":1,"InvoiceDate":"2010-12-01T08:26:00Z","UnitPrice":1,"Country":"X"}""")]
    [InlineData("""{"Id":"a-1","InvoiceNo":"536365","StockCode":"1","Description":"","Quantity":1,"InvoiceDate":"2010-12-01T08:26:00Z","UnitPrice":1,"Country":null}""")]
    [InlineData("""{"Id":"a-1","InvoiceNo":"536365","StockCode":1,"Description":"","Quantity":1,"InvoiceDate":"2010-12-01T08:26:00Z","UnitPrice":1,"Country":"X"}""")]
    [InlineData("""{"Id":"a-1","InvoiceNo":"536365","StockCode":"1","Description":"","Quantity":1.5,"InvoiceDate":"2010-12-01T08:26:00Z","UnitPrice":1,"Country":"X"}""")]
    [InlineData("""{"Id":"a-1","InvoiceNo":"536365","StockCode":"1","Description":"","Quantity":1,"InvoiceDate":"2010-12-01T08:26:00Z","UnitPrice":1,"Country":"X"} {}""")]
    [InlineData("""{"Id":"bad id","InvoiceNo":"536365","StockCode":"1","Description":"","Quantity":1,"InvoiceDate":"2010-12-01T08:26:00Z","UnitPrice":1,"Country":"X"}""")]
    [InlineData("""{"Id":"a-1","InvoiceNo":"","StockCode":"1","Description":"","Quantity":1,"InvoiceDate":"2010-12-01T08:26:00Z","UnitPrice":1,"Country":"X"}""")]
    [InlineData("""{"Id":"a-1","InvoiceNo":"536365","StockCode":"1","Description":"","Quantity":1,"InvoiceDate":"yesterday","UnitPrice":1,"Country":"X"}""")]
    [InlineData("""{"Id":"a-1","InvoiceNo":"536365","StockCode":"1","Description":"","Quantity":1,"InvoiceDate":"2010-12-01T08:26:00Z","UnitPrice":1,"CustomerID":"17850","Country":"X"}""")]
    [InlineData("""[{"Id":"a-1"}]""")]
    [InlineData("""{"Id":"a-1",/* comment */"InvoiceNo":"536365","StockCode":"1","Description":"","Quantity":1,"InvoiceDate":"2010-12-01T08:26:00Z","UnitPrice":1,"Country":"X"}""")]
    public void Anything_but_a_plain_well_typed_line_is_left_to_the_general_path(string json)
    {
        Assert.Null(FastPath(Encoding.UTF8.GetBytes(json), null));
    }

    [Fact]
    public void The_first_rows_of_the_real_data_set_read_on_the_fast_path_as_the_general_path_reads_them()
    {
        var meta = new DocumentMeta(3, 17, StoredAt, TraceId);
        var declined = 0;
        foreach (var row in RealRows.First(5000))
        {
            var json = InvoiceLineJson.Serialize(row);
            var general = InvoiceLineJson.Deserialize(json) with { Meta = meta };
            if (FastPath(json, meta) is { } stored)
            {
                Assert.Equal(general.ToBson(), stored.Bson);
            }
            else
            {
                declined++;
            }
        }
        Assert.Equal(0, declined);
    }

    [Fact]
    public void A_decoded_message_carries_its_partition_offset_and_trace_in_meta()
    {
        var headers = new Confluent.Kafka.Headers { { "traceparent", Encoding.UTF8.GetBytes($"00-{TraceId}-b7ad6b7169203331-01") } };
        var line = Messages.Line("online-retail:9");

        var decoded = MessageDecoder.Decode(Messages.Raw(InvoiceLineJson.Serialize(line), partition: 5, offset: 77, headers: headers));
        decoded.Stored!.Stamp(StoredAt);

        Assert.Equal((line with { Meta = new DocumentMeta(5, 77, StoredAt, TraceId) }).ToBson(), decoded.Stored.Bson);
        Assert.Equal(line, decoded.Line);
    }

    private static StoredLine? FastPath(byte[] json, DocumentMeta? meta)
    {
        var provenance = meta is null ? (StoredLineEncoder.Provenance?)null
            : new StoredLineEncoder.Provenance(meta.Partition, meta.Offset, meta.TraceId is null ? null : ActivityTraceId.CreateFromString(meta.TraceId));
        var stored = InvoiceLineJsonFastPath.TryEncode(json, provenance);
        if (meta is not null)
        {
            stored?.Stamp(meta.StoredAt);
        }
        return stored;
    }
}
