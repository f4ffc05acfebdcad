using System.Globalization;
using System.Text.Json;
using DocStream.Contracts;
using DocStream.IngestApi.Admission;
using DocStream.IngestApi.Publishing;
using DocStream.IngestApi.Security;
using DocStream.IngestApi.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DocStream.IngestApi.Apis;

/// <summary>
/// The ingest routes: the seed-compatible <c>POST /invoiceitem</c>, its versioned twin and the batch route.
/// Bodies are read and validated by hand (not model binding) so every bad field is named in one answer
/// and nothing invalid reaches Kafka.
/// </summary>
public static class InvoiceIngestApi
{
    public const string RateLimitPolicy = "per-api-key";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string PartitionHeader = "DocStream-Partition";
    public const string OffsetHeader = "DocStream-Offset";
    public const string NdjsonMediaType = "application/x-ndjson";
    public const string Tag = "Ingest";
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 16 };

    public static IEndpointRouteBuilder MapInvoiceIngestApi(this IEndpointRouteBuilder app)
    {
        // Seed-compatible route (the seed's FastAPI exposed POST /invoiceitem).
        app.MapPost("/invoiceitem", PostDocumentAsync)
            .AddEndpointFilter<ApiKeyFilter>()
            .AddEndpointFilter<AdmissionFilter>()
            .RequireRateLimiting(RateLimitPolicy)
            .WithTags(Tag)
            .WithName("PostInvoiceItem")
            .WithSummary("Ingest one invoice line (seed-compatible route).")
            .Accepts<InvoiceLineRequest>("application/json")
            .WithCommonProblems();

        var v1 = app.MapGroup("/api/v1/invoices")
            .AddEndpointFilter<ApiKeyFilter>()
            .AddEndpointFilter<AdmissionFilter>()
            .RequireRateLimiting(RateLimitPolicy)
            .WithTags(Tag);

        v1.MapPost("", PostDocumentAsync)
            .WithName("PostInvoiceLine")
            .WithSummary("Ingest one invoice line.")
            .WithDescription("Answers 201 with the stored document once Kafka acknowledged it. Give a stable id in the Id field or the Idempotency-Key header to make retries safe.")
            .Accepts<InvoiceLineRequest>("application/json")
            .WithCommonProblems();

        v1.MapPost("/batch", PostBatchAsync)
            .WithName("PostInvoiceLineBatch")
            .WithSummary("Ingest many invoice lines: a JSON array or NDJSON.")
            .WithDescription("Answers one result per document, in order: accepted (in Kafka), rejected (invalid, with errors) or failed (Kafka did not acknowledge: send again).")
            .Accepts<InvoiceLineRequest[]>("application/json", NdjsonMediaType)
            .WithCommonProblems(kafkaUnavailableAsProblem: false)
            .Produces<BatchResult>(StatusCodes.Status503ServiceUnavailable); // per-document results, failed ones to resend
        return app;
    }

    /// <summary>The refusals every ingest route may answer, for the OpenAPI document.</summary>
    private static RouteHandlerBuilder WithCommonProblems(this RouteHandlerBuilder route, bool kafkaUnavailableAsProblem = true)
    {
        route.ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return kafkaUnavailableAsProblem ? route.ProducesProblem(StatusCodes.Status503ServiceUnavailable) : route;
    }

    internal static async Task<Results<Created<InvoiceLine>, ProblemHttpResult, ValidationProblem>> PostDocumentAsync(
        HttpRequest request, DocumentPublisher publisher, IOptions<IngestOptions> options, IngestMetrics metrics, CancellationToken ct)
    {
        if (!IsJson(request.ContentType))
        {
            metrics.Rejected(1, "media_type");
            return UnsupportedMediaType(request.ContentType, "application/json");
        }
        using var body = await RequestBody.ReadAsync(request, options.Value.MaxDocumentBytes, ct);
        if (body.TooLarge)
        {
            metrics.Rejected(1, "too_large");
            return TooLarge($"A single document may be at most {options.Value.MaxDocumentBytes:N0} bytes; use the batch route for many.");
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(body.Memory, JsonOptions);
        }
        catch (JsonException e)
        {
            metrics.Rejected(1, "malformed_json");
            return MalformedJson(e);
        }

        using (json)
        {
            var errors = new Dictionary<string, List<string>>();
            var headerId = request.Headers[IdempotencyKeyHeader].ToString();
            if (headerId.Length > 0 && !InvoiceLineReader.IsValidId(headerId))
            {
                errors[IdempotencyKeyHeader] = [$"Must be 1 to {InvoiceLineReader.MaxIdLength} characters of letters, digits and - _ . : #."];
            }
            var line = InvoiceLineReader.Read(json.RootElement, () => headerId.Length > 0 ? headerId : NewId(), errors);
            if (line is not null && headerId.Length > 0 && line.Id != headerId)
            {
                errors[IdempotencyKeyHeader] = [$"Differs from the document's Id '{line.Id}'. Send one or make them equal."];
            }
            if (errors.Count > 0 || line is null)
            {
                metrics.Rejected(1, "validation");
                return TypedResults.ValidationProblem(ToArrays(errors), title: "The document is not valid.");
            }

            var outcome = (await publisher.PublishAsync([line], ct))[0];
            if (!outcome.Acknowledged)
            {
                metrics.Rejected(1, "kafka_unavailable");
                return KafkaUnavailable(request.HttpContext, line.Id, outcome.Error);
            }
            metrics.Accepted(1);
            // Where it went: GET /api/v1/documents/{id}?partition=&offset= finds it with these.
            request.HttpContext.Response.Headers[PartitionHeader] = outcome.Partition.ToString(CultureInfo.InvariantCulture);
            request.HttpContext.Response.Headers[OffsetHeader] = outcome.Offset.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Created($"/api/v1/invoices/{Uri.EscapeDataString(line.Id)}", line);
        }
    }

    internal static async Task<Results<Ok<BatchResult>, ProblemHttpResult, JsonHttpResult<BatchResult>>> PostBatchAsync(
        HttpRequest request, DocumentPublisher publisher, IOptions<IngestOptions> options, IngestMetrics metrics, CancellationToken ct)
    {
        var settings = options.Value;
        var ndjson = IsMediaType(request.ContentType, NdjsonMediaType);
        if (!ndjson && !IsJson(request.ContentType))
        {
            metrics.Rejected(1, "media_type");
            return UnsupportedMediaType(request.ContentType, $"application/json (an array) or {NdjsonMediaType}");
        }
        using var body = await RequestBody.ReadAsync(request, settings.MaxBatchBytes, ct);
        if (body.TooLarge)
        {
            metrics.Rejected(1, "too_large");
            return TooLarge($"A batch body may be at most {settings.MaxBatchBytes:N0} bytes. Split it.");
        }

        var parsed = ndjson ? BatchParser.ParseNdjson(body.Memory, JsonOptions) : BatchParser.ParseArray(body.Memory, JsonOptions);
        using (parsed)
        {
            if (parsed.Error is { } error)
            {
                metrics.Rejected(1, "malformed_json");
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The batch is not readable.", detail: error);
            }
            if (parsed.Elements.Count == 0)
            {
                metrics.Rejected(1, "empty_batch");
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The batch is empty.",
                    detail: "Send at least one document.");
            }
            if (parsed.Elements.Count > settings.MaxBatchDocuments)
            {
                metrics.Rejected(parsed.Elements.Count, "batch_too_large");
                return TooLarge($"The batch has {parsed.Elements.Count:N0} documents; at most {settings.MaxBatchDocuments:N0} are accepted per request.");
            }

            var results = new DocumentResult[parsed.Elements.Count];
            var valid = new List<InvoiceLine>(parsed.Elements.Count);
            var validIndexes = new List<int>(parsed.Elements.Count);
            var errors = new Dictionary<string, List<string>>();
            for (var i = 0; i < parsed.Elements.Count; i++)
            {
                errors.Clear();
                var element = parsed.Elements[i];
                var line = element.LineError is null ? InvoiceLineReader.Read(element.Json, NewId, errors) : null;
                if (element.LineError is not null)
                {
                    errors["$"] = [element.LineError];
                }
                if (line is null)
                {
                    results[i] = new DocumentResult(i, TryReadId(element), DocumentResult.RejectedStatus, ToArrays(errors));
                    continue;
                }
                valid.Add(line);
                validIndexes.Add(i);
            }

            var outcomes = await publisher.PublishAsync(valid, ct);
            int accepted = 0, failed = 0;
            for (var k = 0; k < valid.Count; k++)
            {
                var o = outcomes[k];
                if (o.Acknowledged)
                {
                    accepted++;
                    results[validIndexes[k]] = new DocumentResult(validIndexes[k], valid[k].Id, DocumentResult.AcceptedStatus) { Partition = o.Partition, Offset = o.Offset };
                }
                else
                {
                    failed++;
                    results[validIndexes[k]] = new DocumentResult(validIndexes[k], valid[k].Id, DocumentResult.FailedStatus, Error: o.Error);
                }
            }
            var rejected = results.Length - valid.Count;
            metrics.Accepted(accepted);
            if (rejected > 0)
            {
                metrics.Rejected(rejected, "validation");
            }
            if (failed > 0)
            {
                metrics.Rejected(failed, "kafka_unavailable");
            }

            var result = new BatchResult(accepted, rejected, failed, results);
            if (failed > 0)
            {
                request.HttpContext.Response.Headers.RetryAfter = "1";
                return TypedResults.Json(result, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            return TypedResults.Ok(result);
        }
    }

    /// <summary>Id assigned when the client gave none: time-ordered, so ids sort by arrival.</summary>
    private static string NewId() => DocumentIdGenerator.New();

    private static string? TryReadId(BatchParser.Element element)
    {
        if (element.LineError is not null || element.Json.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        try
        {
            return element.Json.TryGetProperty("Id", out var id) && id.ValueKind == JsonValueKind.String
                && id.GetString() is { } text && InvoiceLineReader.IsValidId(text) ? text : null;
        }
        catch (InvalidOperationException)
        {
            return null; // a name or value that is no text (a lone surrogate): the document's errors say so
        }
    }

    private static Dictionary<string, string[]> ToArrays(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private static bool IsMediaType(string? contentType, string expected) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.Equals(expected, StringComparison.OrdinalIgnoreCase);

    private static ProblemHttpResult UnsupportedMediaType(string? sent, string expected) =>
        TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.",
            detail: $"Content-Type '{sent ?? "(none)"}' is not accepted here; send {expected}.");

    private static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request is too large.", detail: detail);

    private static ProblemHttpResult MalformedJson(JsonException e) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not valid JSON.",
            detail: e.LineNumber is { } line ? $"{FirstSentence(e.Message)} (line {line + 1}, byte {e.BytePositionInLine + 1})" : FirstSentence(e.Message));

    /// <summary>
    /// 503 naming the document's id: the producer may still deliver it after this answer (a broker that
    /// comes back within message.timeout.ms), so the client must retry with this id, never a new one.
    /// </summary>
    private static ProblemHttpResult KafkaUnavailable(HttpContext context, string id, string? reason)
    {
        context.Response.Headers.RetryAfter = "1";
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Kafka is not available.",
            detail: $"The document was not acknowledged ({reason}). Send it again with the same id ({id}); it is stored once either way.",
            extensions: new Dictionary<string, object?> { ["id"] = id });
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
