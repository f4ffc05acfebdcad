using DocStream.Dashboard.Data;
using DocStream.Dashboard.Security;

namespace DocStream.Dashboard.Export;

/// <summary>
/// Downloads of every view that lists data, as CSV or JSON Lines (<c>?format=csv|jsonl</c>). Exporting is reading,
/// so viewers may: the viewer policy, stated here as well as by the deny-by-default fallback.
/// </summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var export = app.MapGroup("/export").RequireAuthorization(DashboardRoles.ViewerPolicy);

        export.MapGet("/lines", (HttpRequest request, ILineExportSource lines) =>
        {
            if (!TryFormat(request, out var format, out var refused))
            {
                return refused;
            }
            if (!LineExportQuery.TryParse(request.Query, out var filter, out var sort, out var error))
            {
                return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
            }
            return new ExportResult<Contracts.InvoiceLine>(format, filter.IsEmpty ? "lines" : "lines-filtered", ExportTables.Lines,
                lines.StreamAsync(filter, sort, request.HttpContext.RequestAborted));
        });

        export.MapGet("/customers/{customerId:int}/invoices", async (int customerId, HttpRequest request, ICustomerQueries customers) =>
        {
            if (!TryFormat(request, out var format, out var refused))
            {
                return refused;
            }
            // A customer has at most a few hundred invoices: the page holds them all too.
            var summary = await customers.GetCustomerAsync(customerId, request.HttpContext.RequestAborted);
            return new ExportResult<CustomerInvoice>(format, $"customer-{customerId}-invoices", ExportTables.CustomerInvoices,
                summary.Invoices.ToAsyncEnumerable());
        });

        export.MapGet("/invoices/{invoiceNo}/lines", async (string invoiceNo, HttpRequest request, IInvoiceQueries invoices) =>
        {
            if (!TryFormat(request, out var format, out var refused))
            {
                return refused;
            }
            var invoice = await invoices.GetInvoiceAsync(invoiceNo, request.HttpContext.RequestAborted);
            if (invoice is null)
            {
                return Results.Problem($"No invoice {invoiceNo}.", statusCode: StatusCodes.Status404NotFound);
            }
            return new ExportResult<Contracts.InvoiceLine>(format, $"invoice-{SafeFilePart(invoice.InvoiceNo)}-lines", ExportTables.Lines,
                invoice.Lines.ToAsyncEnumerable());
        });

        export.MapGet("/dead-letters", (HttpRequest request, IDeadLetterExportSource deadLetters) =>
        {
            if (!TryFormat(request, out var format, out var refused))
            {
                return refused;
            }
            if (!DeadLetterExportQuery.TryParse(request.Query, out var filter, out var error))
            {
                return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
            }
            return new ExportResult<DeadLetter>(format, "dead-letters", ExportTables.DeadLetters,
                deadLetters.StreamAsync(filter, request.HttpContext.RequestAborted));
        });

        export.MapGet("/analytics/{series}", (string series, HttpRequest request, IAnalyticsSnapshotSource analytics) =>
        {
            if (!TryFormat(request, out var format, out var refused))
            {
                return refused;
            }
            if (analytics.Current is not { } snapshot)
            {
                return Results.Problem("The first analytics snapshot is not computed yet.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            if (AnalyticsSeries.Of(snapshot, series) is not { } figures)
            {
                return Results.Problem($"No series '{series}'; there are {string.Join(", ", AnalyticsSeries.Names)}.", statusCode: StatusCodes.Status404NotFound);
            }
            return new ExportResult<GroupFigure>(format, $"analytics-{series}", ExportTables.AnalyticsSeries, figures.ToAsyncEnumerable());
        });

        return app;
    }

    private static bool TryFormat(HttpRequest request, out ExportFormat format, out IResult refused)
    {
        refused = Results.Empty;
        if (ExportFormats.TryParse(request.Query["format"], out format))
        {
            return true;
        }
        refused = Results.Problem("format must be csv or jsonl.", statusCode: StatusCodes.Status400BadRequest);
        return false;
    }

    private static string SafeFilePart(string text) => new(text.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
}
