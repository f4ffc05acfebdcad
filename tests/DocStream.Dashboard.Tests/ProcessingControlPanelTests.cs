using DocStream.Contracts;
using DocStream.Dashboard.Components.Shared;
using DocStream.Dashboard.Security;

namespace DocStream.Dashboard.Tests;

/// <summary>The overview's processing switch: the state for every viewer, the action only for operators.</summary>
public sealed class ProcessingControlPanelTests : DashboardTestContext
{
    [Fact]
    public void A_viewer_sees_no_operator_action()
    {
        Authorization.SetAuthorized("Viewer (access key)");

        var panel = Render<ProcessingControlPanel>();

        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll(TestId("pipeline-controls"))));
        Assert.Empty(panel.FindAll(TestId("pause-processing")));
        Assert.Empty(panel.FindAll(TestId("paused-banner")));
    }

    [Fact]
    public void A_viewer_sees_that_processing_is_paused_and_by_whom_but_cannot_resume_it()
    {
        Authorization.SetAuthorized("Viewer (access key)");
        Processing.Control = new ProcessingControl { Paused = true, ChangedBy = "Operator (access key)", ChangedAt = new DateTime(2026, 12, 2, 1, 2, 3, DateTimeKind.Utc) };

        var panel = Render<ProcessingControlPanel>();

        panel.WaitForAssertion(() => Assert.Contains("paused by Operator (access key)", panel.Find(TestId("paused-banner")).TextContent, StringComparison.Ordinal));
        Assert.Empty(panel.FindAll(TestId("resume-processing")));
    }

    [Fact]
    public void An_operator_pauses_then_resumes_processing_as_themselves()
    {
        Authorization.SetAuthorized("Operator (access key)");
        Authorization.SetPolicies(DashboardRoles.OperatorPolicy);
        Processing.Entries.Add(new OperatorAuditEntry { At = DateTime.UtcNow, By = "Operator (access key)", Action = "resume processing", Result = "done" });

        var panel = Render<ProcessingControlPanel>();
        panel.WaitForElement(TestId("pause-processing")).Click();

        panel.WaitForElement(TestId("resume-processing"));
        Assert.Contains("paused by Operator (access key)", panel.Find(TestId("paused-banner")).TextContent, StringComparison.Ordinal);
        panel.Find(TestId("resume-processing")).Click();
        panel.WaitForElement(TestId("pause-processing"));

        Assert.Equal([("Operator (access key)", true), ("Operator (access key)", false)], Processing.Calls);
        Assert.Equal("done", panel.Find(TestId("audit-result")).TextContent);
    }

    [Fact]
    public void An_operator_sees_the_dry_run_per_partition_before_the_rewind_and_the_rewind_reads_exactly_that()
    {
        Authorization.SetAuthorized("Operator (access key)");
        Authorization.SetPolicies(DashboardRoles.OperatorPolicy);

        var panel = Render<ProcessingControlPanel>();
        Assert.Empty(panel.FindAll(TestId("rewind-confirm")));
        panel.WaitForElement(TestId("rewind-dry-run")).Click();

        var plan = panel.WaitForElement(TestId("rewind-plan"));
        Assert.Contains("1,500 messages again (partition 0: 1,200, partition 2: 300)", System.Text.RegularExpressions.Regex.Replace(plan.TextContent, @"\s+", " "), StringComparison.Ordinal);
        panel.Find(TestId("rewind-confirm")).Click();

        panel.WaitForElement(TestId("rewind-requested"));
        Assert.Equal([("dry run", "Operator (access key)"), ("rewind", "Operator (access key)")], Rewind.Calls);
        Assert.Empty(panel.FindAll(TestId("rewind-confirm")));
    }

    [Fact]
    public void An_operator_rewinds_to_a_time_and_the_rewind_is_for_the_time_the_dry_run_showed()
    {
        Authorization.SetAuthorized("Operator (access key)");
        Authorization.SetPolicies(DashboardRoles.OperatorPolicy);
        var panel = Render<ProcessingControlPanel>();

        panel.WaitForElement(TestId("rewind-to-time")).Change("2026-12-01T09:30:15");
        Assert.Equal("Rewind to 1 Dec 2026 09:30:15 UTC: dry run", panel.Find(TestId("rewind-dry-run")).TextContent.Trim());
        panel.Find(TestId("rewind-dry-run")).Click();
        var plan = panel.WaitForElement(TestId("rewind-plan"));
        Assert.Contains("A rewind to 1 Dec 2026 09:30:15 UTC would read 1,500 messages again",
            System.Text.RegularExpressions.Regex.Replace(plan.TextContent, @"\s+", " "), StringComparison.Ordinal);
        // Typing another time after the dry run withdraws its plan: a confirmation never rewinds to an unseen time.
        panel.Find(TestId("rewind-to-time")).Change("2026-12-01T10:00:00");
        Assert.Empty(panel.FindAll(TestId("rewind-confirm")));
        panel.Find(TestId("rewind-dry-run")).Click();
        panel.WaitForElement(TestId("rewind-confirm")).Click();

        panel.WaitForElement(TestId("rewind-requested"));
        var at = new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal([new DateTime(2026, 12, 1, 9, 30, 15, DateTimeKind.Utc), at, at], Rewind.Times);
        Assert.All(Rewind.Times, t => Assert.Equal(DateTimeKind.Utc, t!.Value.Kind));
    }

    [Fact]
    public void Clearing_the_time_rewinds_to_the_earliest_offset_again()
    {
        Authorization.SetAuthorized("Operator (access key)");
        Authorization.SetPolicies(DashboardRoles.OperatorPolicy);
        var panel = Render<ProcessingControlPanel>();

        panel.WaitForElement(TestId("rewind-to-time")).Change("2026-12-01T09:30");
        panel.Find(TestId("rewind-to-time")).Change("");
        Assert.Equal("Rewind to earliest: dry run", panel.Find(TestId("rewind-dry-run")).TextContent.Trim());
        panel.Find(TestId("rewind-dry-run")).Click();
        panel.WaitForElement(TestId("rewind-confirm")).Click();

        panel.WaitForElement(TestId("rewind-requested"));
        Assert.Equal([null, null], Rewind.Times);
    }

    [Fact]
    public void A_viewer_has_no_rewind()
    {
        Authorization.SetAuthorized("Viewer (access key)");

        var panel = Render<ProcessingControlPanel>();

        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll(TestId("rewind-dry-run"))));
        Assert.Empty(Rewind.Calls);
    }
}
