using DocStream.Contracts;
using DocStream.IngestApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DocStream.IngestApi.Status;

/// <summary><c>GET /api/v1/documents/{id}</c>: where a document is (API key required, like the ingest routes).</summary>
public static class DocumentStatusApi
{
    public static IEndpointRouteBuilder MapDocumentStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/documents/{id}", GetAsync)
            .AddEndpointFilter<ApiKeyFilter>()
            .WithTags("Documents")
            .WithName("GetDocumentStatus")
            .WithSummary("Where is my document? stored, dead-lettered, in Kafka not yet written, or unknown.")
            .WithDescription("Give the partition and offset the ingest route answered (DocStream-Partition, DocStream-Offset) to look it up in Kafka directly.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable); // no store, or too many lookups at once (Retry-After)
        return app;
    }

    internal static async Task<Results<Ok<DocumentStatus>, ProblemHttpResult>> GetAsync(
        string id, int? partition, long? offset, DocumentLocator locator, StatusLookupLimiter limiter, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (!InvoiceLineReader.IsValidId(id))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The id is not valid.",
                detail: $"An id is 1 to {InvoiceLineReader.MaxIdLength} characters of letters, digits and - _ . : #.");
        }
        if (partition.HasValue != offset.HasValue || partition < 0 || offset < 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "partition and offset go together.",
                detail: "Give both (the values the ingest route answered), or neither.");
        }
        if (!locator.Available)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Document status is not available.",
                detail: "This API runs without a MongoDB connection (ConnectionStrings:docstreaming); the AppHost gives it one.");
        }
        using var lease = await limiter.AcquireAsync(cancellationToken);
        if (!lease.IsAcquired)
        {
            context.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Too many status lookups at once.",
                detail: "Every lookup slot and queue place is taken; retry after 1 s.");
        }
        var hint = partition is { } p && offset is { } o ? (p, o) : ((int, long)?)null;
        return TypedResults.Ok(await locator.LocateAsync(id, hint, cancellationToken));
    }
}
