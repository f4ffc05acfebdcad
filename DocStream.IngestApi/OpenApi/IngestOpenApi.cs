using System.Text.Json.Nodes;
using DocStream.Contracts;
using DocStream.IngestApi.Apis;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DocStream.IngestApi.OpenApi;

/// <summary>
/// What the generated OpenAPI document cannot know by itself: the API-key scheme every ingest route
/// requires, and request examples taken from the real data set (its first rows, and a cancellation).
/// </summary>
internal static class IngestOpenApi
{
    public const string ApiKeyScheme = "ApiKey";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "DocStream Ingest API";
            document.Info.Description =
                $"Send invoice lines of the Online Retail data set. Every ingest route needs the API key in the {PipelineNames.ApiKeyHeader} header. " +
                "Success means Kafka acknowledged the document; 503 with Retry-After means send it again with the same id.";
            document.AddComponent(ApiKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = PipelineNames.ApiKeyHeader,
                Description = "The ingest API key (the AppHost's secret parameter 'ingest-api-key').",
            });
            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            if (operation.Tags?.Any(t => t.Name == InvoiceIngestApi.Tag) != true)
            {
                return Task.CompletedTask;
            }
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] });

            if (operation.RequestBody?.Content is { } content)
            {
                var isBatch = context.Description.RelativePath?.EndsWith("batch", StringComparison.Ordinal) == true;
                if (content.TryGetValue("application/json", out var json))
                {
                    json.Example = isBatch ? new JsonArray(FirstRow(), SecondRow(), Cancellation()) : FirstRow();
                }
                if (content.TryGetValue(InvoiceIngestApi.NdjsonMediaType, out var ndjson))
                {
                    ndjson.Example = JsonValue.Create(string.Join('\n', FirstRow().ToJsonString(), SecondRow().ToJsonString(), Cancellation().ToJsonString()) + "\n");
                }
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>Row 1 of the data set, as the seed's clients send it (month-first date).</summary>
    private static JsonObject FirstRow() => new()
    {
        ["InvoiceNo"] = "536365",
        ["StockCode"] = "85123A",
        ["Description"] = "WHITE HANGING HEART T-LIGHT HOLDER",
        ["Quantity"] = 6,
        ["InvoiceDate"] = "12/1/2010 8:26",
        ["UnitPrice"] = 2.55m,
        ["CustomerID"] = 17850,
        ["Country"] = "United Kingdom",
    };

    /// <summary>Row 2, with the id the replayer gives it (file stem and row number) and an ISO date.</summary>
    private static JsonObject SecondRow() => new()
    {
        ["Id"] = "online-retail:2",
        ["InvoiceNo"] = "536365",
        ["StockCode"] = "71053",
        ["Description"] = "WHITE METAL LANTERN",
        ["Quantity"] = 6,
        ["InvoiceDate"] = "2010-12-01T08:26:00",
        ["UnitPrice"] = 3.39m,
        ["CustomerID"] = 17850,
        ["Country"] = "United Kingdom",
    };

    /// <summary>A real cancellation line: negative quantity, InvoiceNo with C.</summary>
    private static JsonObject Cancellation() => new()
    {
        ["InvoiceNo"] = "C536379",
        ["StockCode"] = "D",
        ["Description"] = "Discount",
        ["Quantity"] = -1,
        ["InvoiceDate"] = "12/1/2010 9:41",
        ["UnitPrice"] = 27.5m,
        ["CustomerID"] = 14527,
        ["Country"] = "United Kingdom",
    };
}
