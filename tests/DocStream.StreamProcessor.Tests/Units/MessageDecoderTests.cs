using System.Text;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.StreamProcessor.Consuming;

namespace DocStream.StreamProcessor.Tests.Units;

public sealed class MessageDecoderTests
{
    [Fact]
    public void A_valid_invoice_line_is_decoded_with_every_field()
    {
        var line = Messages.Line("online-retail:2");
        var decoded = MessageDecoder.Decode(Messages.Raw(InvoiceLineJson.Serialize(line)));
        Assert.Null(decoded.DecodeError);
        Assert.Equal(line, decoded.Line);
    }

    [Fact]
    public void An_empty_value_is_refused()
    {
        var decoded = MessageDecoder.Decode(Messages.Raw([]));
        Assert.Null(decoded.Line);
        Assert.Equal("The message has no value.", decoded.DecodeError);
    }

    [Fact]
    public void Latin1_bytes_are_refused_instead_of_being_repaired()
    {
        // The serializer would escape the pound sign; a sender writing latin-1 by hand does not.
        var json = Encoding.UTF8.GetString(InvoiceLineJson.Serialize(Messages.Line("a-1") with { Description = "PRICE £" })).Replace("\\u00A3", "£");
        Assert.Contains("£", json);
        var latin1 = Encoding.Latin1.GetBytes(json);
        var decoded = MessageDecoder.Decode(Messages.Raw(latin1));
        Assert.Null(decoded.Line);
        Assert.Contains("not valid UTF-8", decoded.DecodeError);
    }

    [Theory]
    [InlineData("bad id with spaces")]
    [InlineData("")]
    public void An_invalid_id_is_refused(string id)
    {
        var decoded = MessageDecoder.Decode(Messages.Raw(InvoiceLineJson.Serialize(Messages.Line("x") with { Id = id })));
        Assert.Null(decoded.Line);
        Assert.Equal("The document has no valid Id or InvoiceNo.", decoded.DecodeError);
    }

    [Fact]
    public void A_null_required_text_field_is_refused()
    {
        var json = Encoding.UTF8.GetString(InvoiceLineJson.Serialize(Messages.Line("a-2"))).Replace("\"United Kingdom\"", "null");
        var decoded = MessageDecoder.Decode(Messages.Json(json));
        Assert.Null(decoded.Line);
        Assert.Contains("null in a required text field", decoded.DecodeError);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"Id\":\"a-3\",\"Quantity\":\"six\"}")]
    public void Text_that_is_not_an_invoice_line_is_refused_without_throwing(string json)
    {
        var decoded = MessageDecoder.Decode(Messages.Json(json));
        Assert.Null(decoded.Line);
        Assert.StartsWith("The message is not an invoice line", decoded.DecodeError);
    }

    [Fact]
    public void A_message_the_client_could_not_deserialize_keeps_its_raw_bytes_and_position()
    {
        var raw = new ConsumeResult<byte[], byte[]>
        {
            TopicPartitionOffset = new TopicPartitionOffset(Messages.Topic, new Partition(3), new Offset(42)),
            Message = new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes("C536379"), Value = [0xff, 0x00], Headers = [] },
        };
        var error = new ConsumeException(raw, new Error(ErrorCode.Local_KeyDeserialization, "bad key"));

        var unreadable = MessageDecoder.Unreadable(error);

        Assert.NotNull(unreadable);
        Assert.Null(unreadable.Line);
        Assert.Equal(new TopicPartition(Messages.Topic, new Partition(3)), unreadable.Partition);
        Assert.Equal(42, unreadable.Offset);
        Assert.Equal("C536379", unreadable.Message.Message.Key);
        Assert.Equal(new byte[] { 0xff, 0x00 }, unreadable.Message.Message.Value);
        Assert.Equal("The message could not be read: bad key", unreadable.DecodeError);
    }

    [Fact]
    public void A_consume_error_without_a_message_gives_nothing_to_dead_letter()
    {
        var error = new ConsumeException(null, new Error(ErrorCode.Local_Transport, "broker down"));
        Assert.Null(MessageDecoder.Unreadable(error));
    }
}
