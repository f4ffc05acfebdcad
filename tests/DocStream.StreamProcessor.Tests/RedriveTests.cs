using System.Text;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.Dashboard.Data;
using DocStream.Dashboard.Operations;
using DocStream.Dashboard.Operations.Redrive;
using DocStream.StreamProcessor.Tests.Infrastructure;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit.Abstractions;

namespace DocStream.StreamProcessor.Tests;

/// <summary>
/// The dashboard's dead-letter re-drive against the emulators and a real processor: poison produced straight into
/// Kafka (bypassing the API) is dead-lettered, then re-driven through the API's validation and stored exactly once.
/// </summary>
public sealed class RedriveTests(ITestOutputHelper output)
{
    private static readonly DeadLetterFilter PoisonOnly = new(Kind: DeadLetter.PoisonKind);

    [Fact]
    public async Task Poison_edited_and_re_driven_is_stored_once_a_second_re_drive_changes_nothing_an_invalid_edit_is_refused_and_the_audit_records_each_action()
    {
        var rows = RealRows.First(12);
        var good = rows.Take(10).ToList();
        var wrongType = rows[10];
        var noId = rows[11];
        await using var pipeline = await TestPipeline.StartAsync(output);
        using var console = new RedriveConsole(pipeline);
        await pipeline.ProduceAsync([
            .. good.Select(TestPipeline.MessageFor),
            new Message<string?, byte[]> { Key = wrongType.InvoiceNo, Value = Encoding.UTF8.GetBytes(
                Encoding.UTF8.GetString(InvoiceLineJson.Serialize(wrongType)).Replace($"\"Quantity\":{wrongType.Quantity}", "\"Quantity\":\"many\"", StringComparison.Ordinal)) },
            new Message<string?, byte[]> { Key = noId.InvoiceNo, Value = "this is not JSON"u8.ToArray() },
        ]);
        await pipeline.StartProcessorAsync("redrive");
        await pipeline.WaitForInvoicesAsync(good.Count, TimeSpan.FromSeconds(60));
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(30));
        var letters = await pipeline.DeadLettersOfKindAsync(DeadLetter.PoisonKind);
        Assert.Equal(2, letters.Count);
        var wrongTypeId = letters.Single(l => l["value"].AsString.Contains("many", StringComparison.Ordinal))["_id"].AsString;
        var noIdId = letters.Single(l => l["value"].AsString.StartsWith("this is", StringComparison.Ordinal))["_id"].AsString;
        var producedBefore = HighWatermarks(pipeline);

        // Dry run: both fail the API's validation as they are, with their field errors; nothing is produced or marked.
        var dry = await console.Service.DryRunAsync(RedriveConsole.Operator, RedriveSelection.Matching(PoisonOnly));
        Assert.True(dry.DryRun);
        Assert.Equal((0, 2, 0, 0), (dry.Resent, dry.Invalid, dry.Gaps, dry.HeldBack));
        Assert.Contains("Quantity", dry.Of(RedriveOutcomeKind.Invalid).Single(o => o.DeadLetterId == wrongTypeId).Errors.Keys);
        Assert.Contains("$", dry.Of(RedriveOutcomeKind.Invalid).Single(o => o.DeadLetterId == noIdId).Errors.Keys);

        // An invalid edit: refused with its field errors, nothing produced.
        var invalidEdit = Encoding.UTF8.GetString(InvoiceLineJson.Serialize(wrongType)).Replace("\"UnitPrice\":", "\"UnitPrice\":\"cheap\",\"x\":", StringComparison.Ordinal);
        var refused = await console.Service.RedriveEditedAsync(RedriveConsole.Operator, wrongTypeId, invalidEdit);
        Assert.Equal(1, refused.Invalid);
        Assert.Equal(["UnitPrice"], refused.Outcomes.Single().Errors.Keys);
        Assert.Equal(producedBefore, HighWatermarks(pipeline));

        // Corrected: the one with an id keeps it; the undecodable one gets an id derived from its dead letter.
        var first = await console.Service.RedriveEditedAsync(RedriveConsole.Operator, wrongTypeId, Encoding.UTF8.GetString(InvoiceLineJson.Serialize(wrongType)));
        var second = await console.Service.RedriveEditedAsync(RedriveConsole.Operator, noIdId, SeedFormat.Text(noId, withId: false));
        Assert.Equal(1, first.Resent);
        Assert.Equal(1, second.Resent);
        Assert.Equal(wrongType.Id, first.Outcomes.Single().DocumentId);
        var derivedId = RedriveDocumentReader.DerivedId(noIdId);
        Assert.Equal(derivedId, second.Outcomes.Single().DocumentId);
        List<InvoiceLine> expected = [.. good, wrongType, noId with { Id = derivedId }];
        await pipeline.WaitForInvoicesAsync(expected.Count, TimeSpan.FromSeconds(30));
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(30));
        await pipeline.AssertStoreEqualsAsync(expected);

        // Marked: who, result, where Kafka put it, how many times.
        var marked = await pipeline.DeadLetters.Find(Builders<BsonDocument>.Filter.Eq("_id", wrongTypeId)).SingleAsync();
        var marks = RedriveConsole.Marks(marked)!;
        Assert.Equal("ops-alice", marks["lastBy"].AsString);
        Assert.Equal("produced", marks["lastResult"].AsString);
        Assert.Equal(1, marks["count"].ToInt32());
        Assert.Equal(wrongType.Id, marks["documentId"].AsString);
        Assert.Equal(first.Outcomes.Single().Partition, marks["lastPartition"].ToInt32());
        Assert.Equal(first.Outcomes.Single().Offset, marks["lastOffset"].ToInt64());

        // Again: produced again, stored once (the processor upserts by id), every field unchanged.
        var again = await console.Service.RedriveEditedAsync(RedriveConsole.Operator, wrongTypeId, Encoding.UTF8.GetString(InvoiceLineJson.Serialize(wrongType)));
        var againNoId = await console.Service.RedriveEditedAsync(RedriveConsole.Operator, noIdId, SeedFormat.Text(noId, withId: false));
        Assert.Equal((1, 1), (again.Resent, againNoId.Resent));
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(30));
        await pipeline.AssertStoreEqualsAsync(expected);
        Assert.Equal(2, (await pipeline.DeadLettersOfKindAsync(DeadLetter.PoisonKind)).Count);
        marked = await pipeline.DeadLetters.Find(Builders<BsonDocument>.Filter.Eq("_id", wrongTypeId)).SingleAsync();
        Assert.Equal(2, RedriveConsole.Marks(marked)!["count"].ToInt32());

        var audit = await console.AuditEntriesAsync();
        Assert.Equal(
            [DeadLetterRedriveService.DryRunAction, .. Enumerable.Repeat(DeadLetterRedriveService.EditAction, 5)],
            audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("ops-alice", a.By));
        Assert.Contains("0 would be re-sent, 2 invalid", audit[0].Result, StringComparison.Ordinal);
        Assert.Contains("0 re-sent, 1 invalid", audit[1].Result, StringComparison.Ordinal);
        Assert.All(audit.Skip(2), a => Assert.StartsWith("done: 1 re-sent, 0 invalid", a.Result, StringComparison.Ordinal));
        Assert.Equal(wrongTypeId, audit[1].Detail);
    }

    [Fact]
    public async Task Bulk_re_drive_of_1000_dead_letters_stores_each_once_and_a_second_bulk_re_drive_changes_nothing()
    {
        var rows = RealRows.First(1_000);
        await using var pipeline = await TestPipeline.StartAsync(output);
        using var console = new RedriveConsole(pipeline);
        // Seed-format messages straight into Kafka: the processor dead-letters every one, the API's validation takes them.
        await pipeline.ProduceAsync(rows.Select(r => new Message<string?, byte[]> { Key = r.InvoiceNo, Value = SeedFormat.Json(r) }));
        await pipeline.StartProcessorAsync("bulk-redrive");
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(rows.Count, (await pipeline.DeadLettersOfKindAsync(DeadLetter.PoisonKind)).Count);
        Assert.Equal(0, await pipeline.CountInvoicesAsync());
        // An offset gap among them: counted, never sent.
        await pipeline.DeadLetters.InsertOneAsync(new BsonDocument
        {
            { "_id", $"gap:{TestPipeline.Topic}:0:5-9" }, { "kind", DeadLetter.GapKind }, { "reason", "Offsets 5 to 9 left the log." },
            { "topic", TestPipeline.Topic }, { "partition", 0 }, { "offset", 5L }, { "lastOffset", 9L }, { "receivedAt", DateTime.UtcNow },
        });

        var dry = await console.Service.DryRunAsync(RedriveConsole.Operator, RedriveSelection.Matching(DeadLetterFilter.None));
        Assert.Equal((rows.Count, 0, 1, 0), (dry.Resent, dry.Invalid, dry.Gaps, dry.HeldBack));
        Assert.Equal(0, await pipeline.CountInvoicesAsync());

        var report = await console.Service.RedriveAsync(RedriveConsole.Operator, RedriveSelection.Matching(PoisonOnly));
        Assert.Equal((rows.Count, 0, 0), (report.Resent, report.Invalid, report.Failed));
        await pipeline.WaitForInvoicesAsync(rows.Count, TimeSpan.FromSeconds(60));
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(30));
        await pipeline.AssertStoreEqualsAsync(rows);

        var twice = await console.Service.RedriveAsync(RedriveConsole.Operator, RedriveSelection.Matching(DeadLetterFilter.None));
        Assert.Equal((rows.Count, 1), (twice.Resent, twice.Gaps));
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(60));
        await pipeline.AssertStoreEqualsAsync(rows);
        var letters = await pipeline.DeadLettersOfKindAsync(DeadLetter.PoisonKind);
        Assert.Equal(rows.Count, letters.Count); // the re-driven copies were not dead-lettered again
        Assert.All(letters, l => Assert.Equal(2, RedriveConsole.Marks(l)!["count"].ToInt32()));
        Assert.Null(RedriveConsole.Marks((await pipeline.DeadLettersOfKindAsync(DeadLetter.GapKind)).Single()));

        var audit = await console.AuditEntriesAsync();
        Assert.Equal([DeadLetterRedriveService.DryRunAction, DeadLetterRedriveService.RedriveAction, DeadLetterRedriveService.RedriveAction], audit.Select(a => a.Action));
        Assert.Equal("matching: kind=poison", audit[1].Detail);
        Assert.StartsWith("done: 1000 re-sent", audit[1].Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dead_lettering_the_same_messages_again_on_a_replay_keeps_the_re_drive_marks()
    {
        var rows = RealRows.First(2);
        await using var pipeline = await TestPipeline.StartAsync(output);
        using var console = new RedriveConsole(pipeline);
        await pipeline.ProduceAsync(rows.Select(r => new Message<string?, byte[]> { Key = r.InvoiceNo, Value = SeedFormat.Json(r) }));
        await pipeline.StartProcessorAsync("first-pass");
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(60));
        var id = (await pipeline.DeadLettersOfKindAsync(DeadLetter.PoisonKind)).OrderBy(l => l["offset"].ToInt64()).First()["_id"].AsString;
        Assert.Equal(1, (await console.Service.RedriveAsync(RedriveConsole.Operator, RedriveSelection.One(id))).Resent);
        await pipeline.WaitForInvoicesAsync(1, TimeSpan.FromSeconds(30));

        // A second group reads the topic from the start (as a rewind would): both positions are dead-lettered again.
        var replay = pipeline.Settings with { GroupId = pipeline.GroupId + "-replay" };
        await pipeline.StartProcessorAsync("replay", replay);
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(60), replay.GroupId);

        var letters = await pipeline.DeadLettersOfKindAsync(DeadLetter.PoisonKind);
        Assert.Equal(2, letters.Count);
        var marked = letters.Single(l => l["_id"].AsString == id);
        Assert.Equal(1, RedriveConsole.Marks(marked)?["count"].ToInt32());
        Assert.Equal("produced", RedriveConsole.Marks(marked)?["lastResult"].AsString);
        Assert.False(string.IsNullOrEmpty(marked["reason"].AsString));
        Assert.Equal(1, await pipeline.CountInvoicesAsync());
    }

    [Fact]
    public async Task The_loop_guard_holds_back_in_bulk_a_document_dead_lettered_again_after_three_re_drives_but_a_single_re_drive_still_sends_it()
    {
        var row = RealRows.First(2)[1];
        await using var pipeline = await TestPipeline.StartAsync(output);
        using var console = new RedriveConsole(pipeline, maxRedrives: 3);
        // A chain as the processor and the console leave it: the parent's third re-drive landed at the child's position.
        var childId = DeadLetterRedriveFields.PositionId(TestPipeline.Topic, 4, 77);
        await pipeline.DeadLetters.InsertManyAsync([
            Poison($"{TestPipeline.Topic}:4:70", row, new BsonDocument { { "count", 1 }, { "lineage", 2 }, { "producedTo", new BsonArray { childId } } }),
            Poison(childId, row, null),
            Poison($"{TestPipeline.Topic}:4:90", row with { Id = "fresh" }, null),
        ]);

        var bulk = await console.Service.DryRunAsync(RedriveConsole.Operator, RedriveSelection.Matching(DeadLetterFilter.None));
        Assert.Equal(childId, bulk.Of(RedriveOutcomeKind.HeldBack).Single().DeadLetterId);
        Assert.Equal(3, bulk.Of(RedriveOutcomeKind.HeldBack).Single().Lineage);
        Assert.Equal(2, bulk.Resent);

        var single = await console.Service.RedriveAsync(RedriveConsole.Operator, RedriveSelection.One(childId));
        Assert.Equal(1, single.Resent);
        Assert.Equal(1, HighWatermarks(pipeline).Values.Sum());
    }

    [Fact]
    public async Task A_bulk_re_drive_takes_at_most_MaxBulk_of_the_oldest_and_says_the_rest_is_left()
    {
        var rows = RealRows.First(3);
        await using var pipeline = await TestPipeline.StartAsync(output);
        using var console = new RedriveConsole(pipeline, maxBulk: 2);
        await pipeline.DeadLetters.InsertManyAsync(rows.Select((r, i) => Poison($"{TestPipeline.Topic}:0:{i}", r, null)));

        var report = await console.Service.RedriveAsync(RedriveConsole.Operator, RedriveSelection.Matching(DeadLetterFilter.None));

        Assert.True(report.Truncated);
        Assert.Equal(2, report.Resent);
        Assert.Contains("run it again for the rest", report.Summary(), StringComparison.Ordinal);
        Assert.Equal(2, HighWatermarks(pipeline).Values.Sum());
        var again = await console.Service.DryRunAsync(RedriveConsole.Operator, RedriveSelection.Matching(new DeadLetterFilter(Partition: 0)));
        Assert.True(again.Truncated);
    }

    [Fact]
    public async Task A_viewer_calling_the_re_drive_service_is_refused_nothing_is_produced_or_marked_and_the_refusals_are_audited()
    {
        var row = RealRows.First(1)[0];
        await using var pipeline = await TestPipeline.StartAsync(output);
        using var console = new RedriveConsole(pipeline);
        var id = $"{TestPipeline.Topic}:0:0";
        await pipeline.DeadLetters.InsertOneAsync(Poison(id, row, null));

        await Assert.ThrowsAsync<OperatorOnlyException>(() => console.Service.RedriveAsync(RedriveConsole.Viewer, RedriveSelection.One(id)));
        await Assert.ThrowsAsync<OperatorOnlyException>(() => console.Service.RedriveAsync(RedriveConsole.Viewer, RedriveSelection.Matching(DeadLetterFilter.None)));
        await Assert.ThrowsAsync<OperatorOnlyException>(() => console.Service.RedriveEditedAsync(RedriveConsole.Viewer, id, SeedFormat.Text(row)));
        await Assert.ThrowsAsync<OperatorOnlyException>(() => console.Service.DryRunAsync(RedriveConsole.Viewer, RedriveSelection.One(id)));

        Assert.Equal(0, HighWatermarks(pipeline).Values.Sum());
        Assert.Null(RedriveConsole.Marks(await pipeline.DeadLetters.Find(Builders<BsonDocument>.Filter.Eq("_id", id)).SingleAsync()));
        var audit = await console.AuditEntriesAsync();
        Assert.Equal(4, audit.Count);
        Assert.All(audit, a => Assert.Equal(("viewer-bob", "refused"), (a.By, a.Result)));
    }

    /// <summary>A poison record as the processor writes it (seed-format value), with optional re-drive marks.</summary>
    private static BsonDocument Poison(string id, InvoiceLine line, BsonDocument? marks)
    {
        var value = SeedFormat.Json(line);
        var parts = id.Split(':');
        var doc = new BsonDocument
        {
            { "_id", id }, { "kind", DeadLetter.PoisonKind }, { "reason", "The JSON value could not be converted to System.DateTime." },
            { "topic", TestPipeline.Topic }, { "partition", int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) },
            { "offset", long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) }, { "key", line.InvoiceNo },
            { "value", Encoding.UTF8.GetString(value) }, { "valueBase64", Convert.ToBase64String(value) }, { "receivedAt", DateTime.UtcNow },
        };
        if (marks is not null)
        {
            doc[DeadLetterRedriveFields.Field] = marks;
        }
        return doc;
    }

    private static Dictionary<int, long> HighWatermarks(TestPipeline pipeline) =>
        Enumerable.Range(0, pipeline.Partitions).ToDictionary(p => p, p => pipeline.Watermarks(p).High.Value);
}
