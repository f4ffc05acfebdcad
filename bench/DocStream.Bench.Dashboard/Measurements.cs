using System.Diagnostics;
using System.Globalization;
using DocStream.Contracts;
using DocStream.Dashboard.Components.Pages;
using DocStream.Dashboard.Data;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.Bench.Dashboard;

public sealed record MeasureSettings(string Connection, string File, int Limit, Uri? DashboardUrl, int Lookups, int Renders, int Recomputes, int Seed, bool Profile);

/// <summary>
/// Times, against the loaded database: the dashboard's customer and invoice look-ups (its own query services, and the
/// page components rendered with them), one full analytics recomputation, serving the analytics page from the
/// in-memory snapshot, and (with a running dashboard) plain GETs of the pages. Look-ups are random customers and
/// invoices of the data set, checked against the CSV.
/// </summary>
public static class Measurements
{
    public static async Task RunAsync(MeasureSettings s)
    {
        var rows = DataSetFile.Read(s.File, s.Limit).ToList();
        var byCustomer = rows.Where(r => r.CustomerID is not null).GroupBy(r => r.CustomerID!.Value)
            .ToDictionary(g => g.Key, g => (Invoices: g.Select(r => r.InvoiceNo).Distinct().Count(), Total: g.Sum(r => r.LineTotal)));
        var byInvoice = rows.GroupBy(r => r.InvoiceNo)
            .ToDictionary(g => g.Key, g => (Lines: g.Count(), Total: g.Sum(r => r.LineTotal)));
        var random = new Random(s.Seed);
        var customerIds = byCustomer.Keys.Order().ToArray();
        var invoiceNos = byInvoice.Keys.Order(StringComparer.Ordinal).ToArray();
        Console.WriteLine($"data set: {rows.Count:N0} lines, {customerIds.Length:N0} customers, {invoiceNos.Length:N0} invoices");
        rows = null;

        var client = new MongoClient(s.Connection);
        var database = client.GetDatabase(PipelineNames.Database);
        var stored = await database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection).EstimatedDocumentCountAsync();
        Console.WriteLine($"stored: {stored:N0} lines");
        var customers = new CustomerQueries(database);
        var invoices = new InvoiceQueries(database);

        // Look-ups through the query services (what a page awaits before it can render).
        var customerPick = Enumerable.Range(0, s.Lookups).Select(_ => customerIds[random.Next(customerIds.Length)]).ToArray();
        var invoicePick = Enumerable.Range(0, s.Lookups).Select(_ => invoiceNos[random.Next(invoiceNos.Length)]).ToArray();
        foreach (var id in customerPick.Take(20))
        {
            await customers.GetCustomerAsync(id);
        }
        foreach (var no in invoicePick.Take(20))
        {
            await invoices.GetInvoiceAsync(no);
        }
        var customerMs = new List<double>();
        foreach (var id in customerPick)
        {
            var t = Stopwatch.GetTimestamp();
            var c = await customers.GetCustomerAsync(id);
            customerMs.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            var expected = byCustomer[id];
            if (c.Invoices.Count != expected.Invoices || c.Total != expected.Total)
            {
                throw new InvalidOperationException($"customer {id}: {c.Invoices.Count} invoices, {c.Total}; the CSV says {expected}");
            }
        }
        var invoiceMs = new List<double>();
        foreach (var no in invoicePick)
        {
            var t = Stopwatch.GetTimestamp();
            var i = await invoices.GetInvoiceAsync(no);
            invoiceMs.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            var expected = byInvoice[no];
            if (i is null || i.Lines.Count != expected.Lines || i.Total != expected.Total)
            {
                throw new InvalidOperationException($"invoice {no}: {i?.Lines.Count} lines, {i?.Total}; the CSV says {expected}");
            }
        }
        Report("customer look-up, query service", customerMs);
        Report("invoice look-up, query service", invoiceMs);
        // The largest customer and invoice: the worst cases.
        var biggestCustomer = byCustomer.MaxBy(kv => kv.Value.Invoices).Key;
        var biggestInvoice = byInvoice.MaxBy(kv => kv.Value.Lines).Key;
        Report($"customer {biggestCustomer} ({byCustomer[biggestCustomer].Invoices} invoices), query service",
            await RepeatAsync(20, () => customers.GetCustomerAsync(biggestCustomer)));
        Report($"invoice {biggestInvoice} ({byInvoice[biggestInvoice].Lines} lines), query service",
            await RepeatAsync(20, () => invoices.GetInvoiceAsync(biggestInvoice)));

        // One full recomputation of the analytics snapshot (the background job; never on a page's path).
        var analytics = new AnalyticsQueries(database, TimeProvider.System);
        var recomputeMs = new List<double>();
        AnalyticsSnapshot? snapshot = null;
        for (var i = 0; i < s.Recomputes; i++)
        {
            var t = Stopwatch.GetTimestamp();
            snapshot = await analytics.ComputeAsync();
            recomputeMs.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            Console.WriteLine($"  analytics recomputation {i + 1}: {recomputeMs[^1]:F0} ms over {snapshot.TotalLines:N0} lines");
        }
        Report("analytics recomputation", recomputeMs);
        if (snapshot!.TotalLines != stored)
        {
            throw new InvalidOperationException($"the snapshot counts {snapshot.TotalLines} lines, the collection holds {stored}");
        }
        Console.WriteLine($"  snapshot: {snapshot.TotalLines:N0} lines, {snapshot.DistinctInvoices:N0} invoices, {snapshot.DistinctCustomers:N0} customers, net revenue {snapshot.NetRevenue:N2}");

        // Pages rendered on the server with the real services: look-ups (query + render) and analytics (render from the snapshot).
        await using var renderer = new PageRenderer(database, new FixedSnapshot(snapshot));
        var renderCustomerMs = new List<double>();
        var renderInvoiceMs = new List<double>();
        var analyticsMs = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            await renderer.RenderAsync<Customers>(new Dictionary<string, object?> { ["Id"] = (int?)customerPick[i] });
            await renderer.RenderAsync<Invoices>(new Dictionary<string, object?> { ["No"] = invoicePick[i] });
            await renderer.RenderAsync<Analytics>(new Dictionary<string, object?>());
        }
        for (var i = 0; i < s.Renders; i++)
        {
            renderCustomerMs.Add(await TimeAsync(() => renderer.RenderAsync<Customers>(new Dictionary<string, object?> { ["Id"] = (int?)customerPick[i % customerPick.Length] })));
            renderInvoiceMs.Add(await TimeAsync(() => renderer.RenderAsync<Invoices>(new Dictionary<string, object?> { ["No"] = invoicePick[i % invoicePick.Length] })));
            analyticsMs.Add(await TimeAsync(() => renderer.RenderAsync<Analytics>(new Dictionary<string, object?>())));
        }
        Report("customer page, query + server render", renderCustomerMs);
        Report("invoice page, query + server render", renderInvoiceMs);
        Report("analytics page, server render from the snapshot", analyticsMs);

        // Plain GETs of a running dashboard: the HTML shell (pages render after the circuit connects, no prerendering).
        var getMs = new List<double>();
        if (s.DashboardUrl is { } url)
        {
            using var http = new HttpClient { BaseAddress = url };
            var paths = new List<string> { "/", "/analytics" };
            paths.AddRange(customerPick.Take(20).Select(id => $"/customers/{id}"));
            paths.AddRange(invoicePick.Take(20).Select(no => $"/invoices/{Uri.EscapeDataString(no)}"));
            foreach (var path in paths.Take(10))
            {
                (await http.GetAsync(path)).EnsureSuccessStatusCode();
            }
            for (var i = 0; i < s.Renders; i++)
            {
                var path = paths[i % paths.Count];
                getMs.Add(await TimeAsync(async () => (await http.GetAsync(path)).EnsureSuccessStatusCode()));
            }
            Report("page GET (HTML shell) of a running dashboard", getMs);
        }

        if (s.Profile)
        {
            await AnalyticsProfile.RunAsync(database);
        }

        var lookups = renderCustomerMs.Concat(renderInvoiceMs).ToList();
        Console.WriteLine();
        Console.WriteLine($"BENCH dashboard.lookup.p95_ms={Ms(P95(lookups))}");
        Console.WriteLine($"BENCH dashboard.customer_lookup.p95_ms={Ms(P95(renderCustomerMs))}");
        Console.WriteLine($"BENCH dashboard.invoice_lookup.p95_ms={Ms(P95(renderInvoiceMs))}");
        Console.WriteLine($"BENCH dashboard.analytics.p95_ms={Ms(P95(analyticsMs))}");
        Console.WriteLine($"BENCH dashboard.analytics.recompute_ms={Ms(recomputeMs.Order().ElementAt(recomputeMs.Count / 2))}");
        if (getMs.Count > 0)
        {
            Console.WriteLine($"BENCH dashboard.page_get.p95_ms={Ms(P95(getMs))}");
        }
    }

    private static async Task<List<double>> RepeatAsync<T>(int n, Func<Task<T>> action)
    {
        var ms = new List<double>();
        for (var i = 0; i < n; i++)
        {
            ms.Add(await TimeAsync(action));
        }
        return ms;
    }

    private static async Task<double> TimeAsync<T>(Func<Task<T>> action)
    {
        var t = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(t).TotalMilliseconds;
    }

    /// <summary>Nearest-rank 95th percentile.</summary>
    public static double P95(IReadOnlyCollection<double> values) => Percentile(values, 0.95);

    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public static void Report(string what, IReadOnlyCollection<double> ms) =>
        Console.WriteLine($"{what}: n={ms.Count} p50={Ms(Percentile(ms, 0.5))} p95={Ms(P95(ms))} max={Ms(ms.Max())} ms");

    public static string Ms(double ms) => ms.ToString(ms < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);
}
