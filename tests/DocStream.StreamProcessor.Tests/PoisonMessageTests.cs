using System.Text;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.StreamProcessor.Tests.Infrastructure;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit.Abstractions;

namespace DocStream.StreamProcessor.Tests;

/// <summary>Bad messages among real ones: each dead-lettered with its reason and bytes; the partitions keep flowing.</summary>
public sealed class PoisonMessageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Poison_messages_mixed_into_real_traffic_are_dead_lettered_with_reason_position_and_value_while_every_good_row_is_stored()
    {
        var rows = RealRows.First(3_000);
        var sample = rows[0];
        var poisons = new (string Name, string? Key, byte[] Value)[]
        {
            ("not JSON", "536365", "this is not JSON at all"u8.ToArray()),
            ("JSON object of the wrong shape", "536366", """{"Hello":"world","Quantity":3}"""u8.ToArray()),
            ("JSON array", "536367", "[1,2,3]"u8.ToArray()),
            ("JSON null", "536368", "null"u8.ToArray()),
            ("empty value", "536369", []),
            ("invalid id", sample.InvoiceNo, InvoiceLineJson.Serialize(sample with { Id = "bad id / with spaces" })),
            ("wrong type", sample.InvoiceNo, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(InvoiceLineJson.Serialize(sample))
                .Replace("\"Quantity\":6", "\"Quantity\":\"six\"", StringComparison.Ordinal))),
            // The serializer escapes '£' as \u00A3; a latin-1 sender would put the raw byte 0xA3 there instead.
            ("latin-1 bytes (not UTF-8)", sample.InvoiceNo, Encoding.Latin1.GetBytes(Encoding.UTF8.GetString(
                InvoiceLineJson.Serialize(sample with { Id = "poison:latin1", Description = "GIFT VOUCHER £20" }))
                .Replace("\\u00A3", "£", StringComparison.Ordinal))),
        };
        Assert.Contains((byte)0xA3, poisons[7].Value);
        Assert.Contains("\"six\"", Encoding.UTF8.GetString(poisons[6].Value), StringComparison.Ordinal);

        // Real rows with a poison message after every 350th.
        var messages = new List<Message<string?, byte[]>>();
        var poisonAt = new List<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            messages.Add(TestPipeline.MessageFor(rows[i]));
            if (i % 350 == 349 && poisonAt.Count < poisons.Length)
            {
                var p = poisons[poisonAt.Count];
                poisonAt.Add(messages.Count);
                messages.Add(new Message<string?, byte[]> { Key = p.Key, Value = p.Value });
            }
        }
        Assert.Equal(poisons.Length, poisonAt.Count);

        await using var pipeline = await TestPipeline.StartAsync(output);
        var positions = await pipeline.ProduceAsync(messages);
        var processor = await pipeline.StartProcessorAsync("poison");
        await pipeline.WaitForInvoicesAsync(rows.Count, TimeSpan.FromSeconds(60));
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(30));

        await pipeline.AssertStoreEqualsAsync(rows);
        var letters = await pipeline.DeadLettersOfKindAsync("poison");
        Assert.Equal(poisons.Length, letters.Count);
        for (var n = 0; n < poisons.Length; n++)
        {
            var position = positions[poisonAt[n]];
            var letter = letters.SingleOrDefault(l => l["partition"].AsInt32 == position.Partition.Value && l["offset"].ToInt64() == position.Offset.Value);
            Assert.True(letter is not null, $"No dead letter for '{poisons[n].Name}' at {position}.");
            output.WriteLine($"{poisons[n].Name}: {letter["reason"].AsString}");
            Assert.False(string.IsNullOrWhiteSpace(letter["reason"].AsString));
            Assert.Equal(TestPipeline.Topic, letter["topic"].AsString);
            Assert.Equal(Convert.ToBase64String(poisons[n].Value), letter["valueBase64"].AsString);
            Assert.Equal(poisons[n].Key, letter["key"].IsBsonNull ? null : letter["key"].AsString);
        }

        var topic = pipeline.ReadDeadLetterTopic(poisons.Length, TimeSpan.FromSeconds(20));
        Assert.Equal(poisons.Length, topic.Count);
        for (var n = 0; n < poisons.Length; n++)
        {
            var position = positions[poisonAt[n]];
            var source = $"{position.Topic}/{position.Partition.Value}/{position.Offset.Value}";
            var onTopic = topic.SingleOrDefault(m => Header(m, "docstream-dlq-source") == source);
            Assert.True(onTopic is not null, $"'{poisons[n].Name}' ({source}) is not on the dead-letter topic.");
            Assert.Equal(poisons[n].Value, onTopic.Message.Value);
            Assert.Equal("poison", Header(onTopic, "docstream-dlq-kind"));
            Assert.False(string.IsNullOrWhiteSpace(Header(onTopic, "docstream-dlq-reason")));
        }
        Assert.False(processor.Process.HasExited, "The processor exited.");
    }

    private static string? Header(ConsumeResult<string?, byte[]> message, string name) =>
        message.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
