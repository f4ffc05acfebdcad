using DocStream.Dashboard.Components.Pages;
using DocStream.Dashboard.Data;
using DocStream.Dashboard.Operations.Redrive;
using DocStream.Dashboard.Security;
using Microsoft.Extensions.DependencyInjection;

namespace DocStream.Dashboard.Tests;

/// <summary>The dead-letter console: filters, details, and the re-drive controls (operators only).</summary>
public class DeadLetterRedriveTests : DashboardTestContext
{
    private static readonly DeadLetter Poison = new("ingestion-topic:2:101", "poison", "The JSON value could not be converted to System.DateTime.",
        "ingestion-topic", 2, 101, null, "536365", "{\"InvoiceNo\":\"536365\"}", DateTime.UnixEpoch) { ValueBase64 = Convert.ToBase64String("{\"InvoiceNo\":\"536365\"}"u8) };

    private static readonly DeadLetter Other = Poison with { Id = "ingestion-topic:3:7", Offset = 7, Partition = 3 };

    private static readonly DeadLetter Gap = new("gap:ingestion-topic:0:10-19", "gap", "Offsets 10 to 19 left the log.", "ingestion-topic", 0, 10, 19, null, null, DateTime.UnixEpoch);

    private FakeDeadLetterQueries UseLetters(params DeadLetter[] letters)
    {
        var fake = new FakeDeadLetterQueries((_, _) => Task.FromResult(new DeadLetterPage(letters, letters.Length)));
        Services.AddSingleton<IDeadLetterQueries>(fake);
        return fake;
    }

    private void SignInAsOperator()
    {
        Authorization.SetAuthorized("Operator (access key)");
        Authorization.SetPolicies(DashboardRoles.OperatorPolicy);
    }

    [Fact]
    public void A_viewer_sees_the_dead_letters_and_their_details_but_no_re_drive_control()
    {
        UseLetters(Poison, Gap);
        Authorization.SetAuthorized("Viewer (access key)");
        var cut = Render<DeadLetters>();

        cut.Find(TestId("toggle-detail")).Click();

        Assert.Contains("536365", cut.Find(TestId("detail-value")).TextContent);
        Assert.Empty(cut.FindAll(TestId("redrive-panel")));
        Assert.Empty(cut.FindAll(TestId("select-dead-letter")));
        Assert.Empty(cut.FindAll(TestId("dead-letter-editor")));
        Assert.Empty(cut.FindAll(TestId("redrive-one")));
    }

    [Fact]
    public void An_operator_sees_the_re_drive_panel_a_selection_box_per_poison_row_and_the_editor_in_the_details()
    {
        UseLetters(Poison, Gap);
        SignInAsOperator();
        var cut = Render<DeadLetters>();

        Assert.NotNull(cut.Find(TestId("redrive-panel")));
        Assert.Single(cut.FindAll(TestId("select-dead-letter"))); // a gap has nothing to re-drive
        cut.Find(TestId("toggle-detail")).Click();
        Assert.NotNull(cut.Find(TestId("dead-letter-editor")));
        Assert.Equal(Poison.Value, cut.Find(TestId("edit-json")).GetAttribute("value"));
    }

    [Fact]
    public void The_dry_run_of_the_filter_shows_what_would_happen_with_the_field_errors_of_the_invalid_ones()
    {
        var letters = UseLetters(Poison, Gap);
        SignInAsOperator();
        Redrive.Answer = (dryRun, _) => new RedriveReport(dryRun,
        [
            new RedriveOutcome("a", RedriveOutcomeKind.Resent),
            new RedriveOutcome("b", RedriveOutcomeKind.Resent),
            new RedriveOutcome("c", RedriveOutcomeKind.Invalid) { Errors = new Dictionary<string, string[]> { ["Quantity"] = ["Expected a whole number."] } },
            new RedriveOutcome("d", RedriveOutcomeKind.Gap),
            new RedriveOutcome("e", RedriveOutcomeKind.HeldBack),
        ]);
        var cut = Render<DeadLetters>();
        cut.Find(TestId("filter-kind")).Change("poison");
        cut.Find(TestId("filter-reason")).Change("DateTime");
        cut.Find(TestId("dead-letter-filters")).Submit();

        cut.Find(TestId("dry-run-filter")).Click();

        var call = Assert.Single(Redrive.Calls);
        Assert.Equal(("dry run", "Operator (access key)"), (call.Action, call.User));
        Assert.Equal(new DeadLetterFilter("poison", "DateTime"), call.Selection.Filter);
        Assert.Equal(new DeadLetterFilter("poison", "DateTime"), letters.Filters[^1]);
        Assert.Contains("Dry run", cut.Find(TestId("redrive-report")).TextContent);
        Assert.Equal(("2", "1", "1", "1"), (cut.Find(TestId("report-resent")).TextContent, cut.Find(TestId("report-invalid")).TextContent,
            cut.Find(TestId("report-gaps")).TextContent, cut.Find(TestId("report-held-back")).TextContent));
        Assert.Contains("Quantity Expected a whole number.", cut.Find(TestId("report-field-error")).TextContent);
    }

    [Fact]
    public void Re_driving_the_selection_sends_the_selected_ids()
    {
        UseLetters(Poison, Other);
        SignInAsOperator();
        var cut = Render<DeadLetters>();

        // Found again each time: a change re-renders the rows.
        cut.FindAll(TestId("select-dead-letter"))[0].Change(true);
        cut.FindAll(TestId("select-dead-letter"))[1].Change(true);
        cut.Find(TestId("redrive-selected")).Click();

        var call = Assert.Single(Redrive.Calls);
        Assert.Equal("re-drive", call.Action);
        Assert.Equal([Poison.Id, Other.Id], call.Selection.Ids);
        Assert.Contains("Re-drive done", cut.Find(TestId("redrive-report")).TextContent);
    }

    [Fact]
    public void Edit_and_re_drive_sends_the_corrected_json_and_shows_its_field_errors()
    {
        UseLetters(Poison);
        SignInAsOperator();
        Redrive.Answer = (dryRun, s) => new RedriveReport(dryRun,
            [new RedriveOutcome(s.Ids[0], RedriveOutcomeKind.Invalid) { Errors = new Dictionary<string, string[]> { ["UnitPrice"] = ["Expected a number."] } }]);
        var cut = Render<DeadLetters>();
        cut.Find(TestId("toggle-detail")).Click();

        cut.Find(TestId("edit-json")).Change("{\"UnitPrice\":\"cheap\"}");
        cut.Find(TestId("redrive-edited")).Click();

        var call = Assert.Single(Redrive.Calls);
        Assert.Equal(("edit", Poison.Id, "{\"UnitPrice\":\"cheap\"}"), (call.Action, call.Selection.Ids[0], call.EditedJson));
        Assert.Contains("UnitPrice Expected a number.", cut.Find(TestId("report-field-error")).TextContent);
    }

    [Fact]
    public void An_offset_gap_says_how_to_recover_with_the_replayer_and_offers_no_re_drive()
    {
        UseLetters(Gap);
        SignInAsOperator();
        var cut = Render<DeadLetters>();

        cut.Find(TestId("toggle-detail")).Click();

        var recovery = cut.Find(TestId("gap-recovery")).TextContent;
        Assert.Contains("--resume", recovery);
        Assert.Contains("--skip", recovery);
        Assert.Empty(cut.FindAll(TestId("dead-letter-editor")));
    }

    [Fact]
    public void The_exact_bytes_of_the_original_value_are_shown_in_hex()
    {
        UseLetters(Poison with { Value = "GIFT VOUCHER \uFFFD20", ValueBase64 = Convert.ToBase64String([0x47, 0xA3, 0x32]) });
        Authorization.SetAuthorized("Viewer (access key)");
        var cut = Render<DeadLetters>();

        cut.Find(TestId("toggle-detail")).Click();

        Assert.Equal("000000  47 a3 32", cut.Find(TestId("detail-bytes")).TextContent);
    }
}
