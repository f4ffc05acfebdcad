using DocStream.Dashboard.Telemetry;
using DocStream.Contracts;
using DocStream.Dashboard.Data;
using DocStream.Dashboard.Operations;
using DocStream.Dashboard.Operations.Redrive;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;

namespace DocStream.Dashboard.Tests;

/// <summary>A bUnit context with Fluent UI registered and JS interop answering anything (Fluent's modules).</summary>
public abstract class DashboardTestContext : BunitContext
{
    protected DashboardTestContext()
    {
        // bUnit waits 1 s by default; a first Fluent UI render on a busy 2-core CI machine can take longer (a Lines
        // test timed out about once in 30 runs). Waiting longer changes no assertion: a wait still ends at its condition.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddFluentUIComponents();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<IProcessingControl>(Processing);
        Services.AddSingleton<IOperatorAuditTrail>(Processing);
        Services.AddSingleton<ILagHistory>(Lag);
        Services.AddSingleton<IRewindControl>(Rewind);
        Services.AddSingleton<IDeadLetterRedrive>(Redrive);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new RedriveOptions()));
        Services.AddSingleton(_ => Microsoft.Extensions.Options.Options.Create(TraceLinkOptions));
        Services.AddSingleton<TraceLinks>();
        Authorization = AddAuthorization();
    }

    /// <summary>The processing switch of the overview; running, no audit entries, until a test sets otherwise.</summary>
    protected FakeProcessingControl Processing { get; } = new();

    /// <summary>The rewind actions: a fixed plan, and the calls made.</summary>
    protected FakeRewindControl Rewind { get; } = new();

    /// <summary>The overview's lag chart: empty until a test adds points.</summary>
    protected FakeLagHistory Lag { get; } = new();
    /// <summary>The re-drive service; answers with <see cref="FakeDeadLetterRedrive.Answer"/> and records every call.</summary>
    protected FakeDeadLetterRedrive Redrive { get; } = new();

    /// <summary>Signed out until a test calls <c>SetAuthorized</c>, <c>SetRoles</c> and <c>SetPolicies</c>.</summary>
    protected BunitAuthorizationContext Authorization { get; }

    protected static InvoiceLine Line(string invoiceNo, string stockCode, string description, int quantity, decimal unitPrice,
        int? customerId = 17850, string country = "United Kingdom", DateTime? date = null, string? id = null) => new()
    {
        Id = id ?? $"test:{invoiceNo}:{stockCode}:{quantity}",
        InvoiceNo = invoiceNo,
        StockCode = stockCode,
        Description = description,
        Quantity = quantity,
        UnitPrice = unitPrice,
        CustomerID = customerId,
        Country = country,
        InvoiceDate = date ?? new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc),
    };

    protected static string TestId(string id) => $"[data-testid='{id}']";

    /// <summary>Where the Aspire dashboard is; set before rendering (unset: no trace links, as in a deployment).</summary>
    protected TraceLinkOptions TraceLinkOptions { get; } = new();
}

/// <summary>Answers with a given function; a never-completing task shows the loading state.</summary>
public sealed class FakeCustomerQueries(Func<int, Task<CustomerSummary>> answer) : ICustomerQueries
{
    public List<int> Calls { get; } = [];

    public Task<CustomerSummary> GetCustomerAsync(int customerId, CancellationToken cancellationToken = default)
    {
        Calls.Add(customerId);
        return answer(customerId);
    }
}

public sealed class FakeInvoiceQueries(Func<string, Task<InvoiceDetails?>> answer) : IInvoiceQueries
{
    public List<string> Calls { get; } = [];

    public Task<InvoiceDetails?> GetInvoiceAsync(string invoiceNo, CancellationToken cancellationToken = default)
    {
        Calls.Add(invoiceNo);
        return answer(invoiceNo);
    }
}

public sealed class FakeLineQueries(Func<LineFilter, LineSort, int, int, Task<LinePage>> answer) : ILineQueries
{
    public List<(LineFilter Filter, LineSort Sort, int Skip, int Take)> Calls { get; } = [];

    public Task<LinePage> GetLinesAsync(LineFilter filter, LineSort sort, int skip, int take, CancellationToken cancellationToken = default)
    {
        lock (Calls)
        {
            Calls.Add((filter, sort, skip, take));
        }
        return answer(filter, sort, skip, take);
    }
}

public sealed class FakePipelineStatusQueries(Func<Task<PipelineOverview>> answer) : IPipelineStatusQueries
{
    private int _calls;
    public int Calls => Volatile.Read(ref _calls);

    public Task<PipelineOverview> GetOverviewAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return answer();
    }
}

public sealed class FakeDeadLetterQueries(Func<int, int, Task<DeadLetterPage>> answer) : IDeadLetterQueries
{
    public List<(int Skip, int Take)> Calls { get; } = [];

    public List<DeadLetterFilter> Filters { get; } = [];

    public Task<DeadLetterPage> GetDeadLettersAsync(DeadLetterFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        Calls.Add((skip, take));
        Filters.Add(filter);
        return answer(skip, take);
    }
}

public sealed class FakeSnapshotSource : IAnalyticsSnapshotSource
{
    public AnalyticsSnapshot? Current { get; set; }
    public string? LastError { get; set; }
    public event Action? Changed;

    public void RaiseChanged() => Changed?.Invoke();

    public bool HasSubscribers => Changed is not null;
}

public static class Snapshots
{
    public static AnalyticsSnapshot Sample(long lines = 541_909) => new()
    {
        ComputedAt = new DateTime(2025, 11, 26, 9, 30, 15, DateTimeKind.Utc),
        Duration = TimeSpan.FromSeconds(2.5),
        TotalLines = lines,
        TotalQuantity = 5_176_450,
        NetRevenue = 9_747_747.93m,
        GrossSales = 10_644_560.42m,
        CancelledValue = -896_812.49m,
        CancelledLines = 9_288,
        DistinctInvoices = 25_900,
        CancelledInvoices = 3_836,
        DistinctCustomers = 4_372,
        RevenueByCountry =
        [
            new("United Kingdom", "United Kingdom", 8_187_806.36m, 4_263_829, 495_478),
            new("Netherlands", "Netherlands", 284_661.54m, 200_128, 2_371),
            new("EIRE", "EIRE", 263_276.82m, 142_637, 8_196),
        ],
        TopProductsByRevenue =
        [
            new("DOT", "DOTCOM POSTAGE (DOT)", 206_245.48m, 707, 710),
            new("22423", "REGENCY CAKESTAND 3 TIER (22423)", 164_762.19m, 12_980, 2_203),
        ],
        TopProductsByQuantity =
        [
            new("84077", "WORLD WAR 2 GLIDERS ASSTD DESIGNS (84077)", 13_587.93m, 53_847, 542),
        ],
        RevenueByDay =
        [
            new("2010-12-01", "2010-12-01", 46_051.26m, 26_814, 3_108),
            new("2010-12-02", "2010-12-02", 45_775.43m, 21_023, 2_109),
            new("2010-12-03", "2010-12-03", 22_598.46m, 14_830, 2_202),
        ],
        RevenueByMonth =
        [
            new("2010-12", "2010-12", 748_957.02m, 342_228, 42_481),
            new("2011-01", "2011-01", 560_000.26m, 308_966, 35_147),
        ],
    };
}

/// <summary>The processing switch in memory; records who asked for what.</summary>
public sealed class FakeProcessingControl : IProcessingControl, IOperatorAuditTrail
{
    public ProcessingControl Control { get; set; } = new();

    public List<OperatorAuditEntry> Entries { get; } = [];

    public List<(string? User, bool Paused)> Calls { get; } = [];

    public Task<ProcessingControl> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(Control);

    public Task SetPausedAsync(System.Security.Claims.ClaimsPrincipal user, bool paused, CancellationToken cancellationToken = default)
    {
        Calls.Add((user.Identity?.Name, paused));
        Control = new ProcessingControl { Paused = paused, ChangedBy = user.Identity?.Name ?? "", ChangedAt = DateTime.UtcNow };
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OperatorAuditEntry>> LatestAsync(int count, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<OperatorAuditEntry>>(Entries.Take(count).ToList());
}

public sealed class FakeLagHistory : ILagHistory
{
    public List<LagPoint> Samples { get; } = [];

    public IReadOnlyList<LagPoint> Points => Samples;
}

/// <summary>The re-drive service in memory: records who asked for what, answers <see cref="Answer"/>.</summary>
public sealed class FakeDeadLetterRedrive : IDeadLetterRedrive
{
    public List<(string Action, string? User, RedriveSelection Selection, string? EditedJson)> Calls { get; } = [];

    public Func<bool, RedriveSelection, RedriveReport> Answer { get; set; } = (dryRun, _) => new RedriveReport(dryRun, []);

    public Task<RedriveReport> DryRunAsync(System.Security.Claims.ClaimsPrincipal user, RedriveSelection selection, CancellationToken cancellationToken = default) =>
        Record("dry run", user, selection, null, true);

    public Task<RedriveReport> RedriveAsync(System.Security.Claims.ClaimsPrincipal user, RedriveSelection selection, CancellationToken cancellationToken = default) =>
        Record("re-drive", user, selection, null, false);

    public Task<RedriveReport> RedriveEditedAsync(System.Security.Claims.ClaimsPrincipal user, string deadLetterId, string editedJson, CancellationToken cancellationToken = default) =>
        Record("edit", user, RedriveSelection.One(deadLetterId), editedJson, false);

    private Task<RedriveReport> Record(string action, System.Security.Claims.ClaimsPrincipal user, RedriveSelection selection, string? json, bool dryRun)
    {
        Calls.Add((action, user.Identity?.Name, selection, json));
        return Task.FromResult(Answer(dryRun, selection));
    }
}

public sealed class FakeRewindControl : IRewindControl
{
    public RewindPlan Plan { get; set; } = new([new PartitionRewind(0, 1_200), new PartitionRewind(1, 0), new PartitionRewind(2, 300)]);

    public List<(string Action, string? User)> Calls { get; } = [];

    /// <summary>The time each call was for, in call order (null: the earliest offset).</summary>
    public List<DateTime?> Times { get; } = [];

    public Task<RewindPlan> DryRunAsync(System.Security.Claims.ClaimsPrincipal user, DateTime? toTime = null, CancellationToken cancellationToken = default)
    {
        Calls.Add(("dry run", user.Identity?.Name));
        Times.Add(toTime);
        return Task.FromResult(Plan with { ToTime = toTime });
    }

    public Task<string> RequestAsync(System.Security.Claims.ClaimsPrincipal user, RewindPlan? plan = null, CancellationToken cancellationToken = default)
    {
        Calls.Add(("rewind", user.Identity?.Name));
        Times.Add(plan?.ToTime);
        return Task.FromResult("abc123");
    }
}
