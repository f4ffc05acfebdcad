using System.Net;
using System.Text.Json;
using DocStream.IngestApi.Tests.Infrastructure;

namespace DocStream.IngestApi.Tests;

/// <summary>The OpenAPI document and the browsable reference, both open without a key.</summary>
[Collection(IngestApiCollection.Name)]
public sealed class OpenApiTests(IngestApiHost host)
{
    [Fact]
    public async Task The_OpenAPI_document_lists_the_three_routes_with_the_API_key_scheme_and_a_real_row_as_example()
    {
        using var client = host.CreateAnonymousClient();

        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        var paths = root.GetProperty("paths").EnumerateObject().Select(p => p.Name.TrimEnd('/')).ToHashSet();
        Assert.Superset(new HashSet<string> { "/invoiceitem", "/api/v1/invoices", "/api/v1/invoices/batch" }, paths);

        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());

        foreach (var path in root.GetProperty("paths").EnumerateObject().Where(p => p.Name.Contains("invoice", StringComparison.Ordinal)))
        {
            var post = path.Value.GetProperty("post");
            Assert.Contains(post.GetProperty("security").EnumerateArray(), r => r.TryGetProperty("ApiKey", out _));
            var example = post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
            var row = example.ValueKind == JsonValueKind.Array ? example[0] : example;
            Assert.Equal("536365", row.GetProperty("InvoiceNo").GetString());
            Assert.Equal("12/1/2010 8:26", row.GetProperty("InvoiceDate").GetString());
            foreach (var status in new[] { "400", "401", "403", "413", "415", "429", "503" })
            {
                Assert.True(post.GetProperty("responses").TryGetProperty(status, out _), $"{path.Name} does not document {status}");
            }
        }
    }

    [Fact]
    public async Task The_Scalar_reference_page_answers()
    {
        using var client = host.CreateAnonymousClient();

        using var response = await client.GetAsync("/scalar");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("scalar", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("DocStream Ingest API", html); // the page is about this document
    }
}
