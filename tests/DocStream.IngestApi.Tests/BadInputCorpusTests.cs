using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DocStream.Contracts;
using DocStream.IngestApi.Tests.Infrastructure;

namespace DocStream.IngestApi.Tests;

/// <summary>
/// A corpus of bad requests: each gets a 4xx <c>application/problem+json</c> naming what is wrong, never a
/// 5xx; nothing of it reaches Kafka; the process stays healthy afterwards.
/// </summary>
[Collection(IngestApiCollection.Name)]
public sealed class BadInputCorpusTests(IngestApiHost host)
{
    private const string Single = "/api/v1/invoices";
    private const string Seed = "/invoiceitem";
    private const string Batch = "/api/v1/invoices/batch";

    /// <summary>One bad request and the answer it must get.</summary>
    public sealed record BadRequest(string Route, byte[] Body, HttpStatusCode Status, string[] ErrorKeys,
        string ContentType = "application/json", string? ApiKey = "", string? IdempotencyKey = null, bool UnknownLength = false)
    {
        public override string ToString() => $"{Route} {(int)Status} ({Body.Length:N0} bytes)";
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static byte[] Row(string field, JsonNode? value) => Utf8(RealRows.With(field, value).ToJsonString());

    private static BadRequest Invalid(string field, JsonNode? value, params string[] keys) =>
        new(Single, Row(field, value), HttpStatusCode.BadRequest, keys.Length == 0 ? [field] : keys);

    private static byte[] FirstRowWithRawValue(string field, string rawJson) =>
        Utf8(RealRows.First().ToJsonString().Replace($"\"{field}\":", $"\"{field}\":{rawJson},\"_was\":", StringComparison.Ordinal));

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static byte[] ManyRows(int count) =>
        Utf8("[" + string.Join(",", Enumerable.Repeat(RealRows.First().ToJsonString(), count)) + "]");

    public static TheoryData<string, BadRequest> Corpus() => new()
    {
        // Not JSON, or not all of it.
        { "malformed JSON", new(Single, Utf8("{\"InvoiceNo\": 536365, StockCode: 85123A}"), HttpStatusCode.BadRequest, []) },
        { "truncated JSON", new(Single, Utf8(RealRows.First().ToJsonString()[..40]), HttpStatusCode.BadRequest, []) },
        { "truncated JSON on the seed route", new(Seed, Utf8("{\"InvoiceNo\":\"5363"), HttpStatusCode.BadRequest, []) },
        { "empty body", new(Single, [], HttpStatusCode.BadRequest, []) },
        { "two documents in one body", new(Single, Utf8(RealRows.First().ToJsonString() + RealRows.First().ToJsonString()), HttpStatusCode.BadRequest, []) },
        { "trailing comma", new(Single, Utf8(RealRows.First().ToJsonString().TrimEnd('}') + ",}"), HttpStatusCode.BadRequest, []) },
        { "comments", new(Single, Utf8("/* hi */" + RealRows.First().ToJsonString()), HttpStatusCode.BadRequest, []) },
        { "JSON null as the document", new(Single, Utf8("null"), HttpStatusCode.BadRequest, ["$"]) },
        { "an array on the single route", new(Single, Utf8("[" + RealRows.First().ToJsonString() + "]"), HttpStatusCode.BadRequest, ["$"]) },
        { "a string as the document", new(Single, Utf8("\"536365\""), HttpStatusCode.BadRequest, ["$"]) },
        { "truncated batch", new(Batch, Utf8("[" + RealRows.First().ToJsonString() + ","), HttpStatusCode.BadRequest, []) },
        { "a batch that is an object", new(Batch, Utf8(RealRows.First().ToJsonString()), HttpStatusCode.BadRequest, []) },

        // Wrong types.
        { "Quantity as text", Invalid("Quantity", "six") },
        { "Quantity as a fraction", Invalid("Quantity", 1.5m) },
        { "UnitPrice as text", Invalid("UnitPrice", "2.55") },
        { "InvoiceNo as a boolean", Invalid("InvoiceNo", true) },
        { "InvoiceNo as letters", Invalid("InvoiceNo", "ABC") },
        { "StockCode as an object", Invalid("StockCode", new JsonObject { ["code"] = "85123A" }) },
        { "Country as a number", Invalid("Country", 826) },
        { "Description as an array", Invalid("Description", new JsonArray("a")) },
        { "CustomerID as letters", Invalid("CustomerID", "abc") },
        { "CustomerID as a fraction", Invalid("CustomerID", 17850.5m) },
        { "InvoiceDate as a number", Invalid("InvoiceDate", 20101201) },
        { "Id as a number", Invalid("Id", 42) },
        { "Id with spaces", Invalid("Id", "not a valid id") },
        {
            "every field of the wrong type at once",
            new(Single, Utf8("""{"InvoiceNo":true,"StockCode":[],"Description":5,"Quantity":"6","InvoiceDate":false,"UnitPrice":"2.55","CustomerID":{},"Country":1}"""),
                HttpStatusCode.BadRequest, ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"])
        },

        // Nulls and missing fields: each one named.
        { "InvoiceNo null", Invalid("InvoiceNo", null) },
        { "Quantity null", Invalid("Quantity", null) },
        { "UnitPrice null", Invalid("UnitPrice", null) },
        { "InvoiceDate null", Invalid("InvoiceDate", null) },
        { "Country missing", Invalid("Country", RealRows.Missing) },
        { "StockCode missing", Invalid("StockCode", RealRows.Missing) },
        { "StockCode empty", Invalid("StockCode", "") },
        { "Country blank", Invalid("Country", "   ") },
        {
            "an empty object names every required field",
            new(Single, Utf8("{}"), HttpStatusCode.BadRequest, ["InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "UnitPrice", "Country"])
        },

        // Size and shape attacks.
        { "a 1 MB string on the single route", new(Single, Row("Description", new string('x', 1 << 20)), HttpStatusCode.RequestEntityTooLarge, []) },
        { "a 1 MB string in a property name", new(Single, Utf8("{\"" + new string('k', 1 << 20) + "\":1}"), HttpStatusCode.RequestEntityTooLarge, []) },
        { "a 2,000-character Description", Invalid("Description", new string('x', 2000)) },
        { "a 200-character StockCode", Invalid("StockCode", new string('9', 200)) },
        { "deeply nested JSON", new(Single, Utf8(new string('[', 5000) + new string(']', 5000)), HttpStatusCode.BadRequest, []) },
        { "deeply nested JSON inside a field", new(Single, Utf8("{\"InvoiceNo\":" + new string('[', 100) + new string(']', 100) + "}"), HttpStatusCode.BadRequest, []) },
        { "deeply nested batch", new(Batch, Utf8(new string('[', 5000) + new string(']', 5000)), HttpStatusCode.BadRequest, []) },
        {
            "invalid UTF-8 in a value",
            // The data set's pound sign as a raw latin-1 byte (0xA3), as a client reading the CSV wrongly would send it.
            new(Single, Concat(Utf8("{\"InvoiceNo\":\"536365\",\"StockCode\":\"85123A\",\"Description\":\"GIFT VOUCHER "), [0xA3],
                Utf8("20\",\"Quantity\":6,\"InvoiceDate\":\"12/1/2010 8:26\",\"UnitPrice\":2.55,\"CustomerID\":17850,\"Country\":\"United Kingdom\"}")),
                HttpStatusCode.BadRequest, [])
        },
        {
            "invalid UTF-8 in a property name",
            new(Single, Concat(Utf8("{\"InvoiceNo\":\"536365\",\"Stock"), [0xC3, 0x28], Utf8("\":\"85123A\"}")), HttpStatusCode.BadRequest, [])
        },
        {
            "an overlong UTF-8 encoding",
            new(Single, Concat(Utf8("{\"InvoiceNo\":\"5363"), [0xC0, 0xAF], Utf8("\"}")), HttpStatusCode.BadRequest, [])
        },
        {
            "a lone surrogate escape in a property name",
            new(Single, Utf8(RealRows.First().ToJsonString().Replace("\"Country\"", "\"\\uDC00Country\"", StringComparison.Ordinal)), HttpStatusCode.BadRequest, ["Country"])
        },
        {
            "a lone surrogate escape",
            new(Single, Utf8(RealRows.First().ToJsonString().Replace("WHITE", "\\uD800WHITE", StringComparison.Ordinal)), HttpStatusCode.BadRequest, [])
        },

        // Numbers out of range.
        { "Quantity beyond Int32", Invalid("Quantity", 2147483648L) },
        { "Quantity 1e40", new(Single, FirstRowWithRawValue("Quantity", "1e40"), HttpStatusCode.BadRequest, ["Quantity"]) },
        { "UnitPrice 1e400", new(Single, FirstRowWithRawValue("UnitPrice", "1e400"), HttpStatusCode.BadRequest, ["UnitPrice"]) },
        { "UnitPrice of ten billion", Invalid("UnitPrice", 10_000_000_000m) },
        { "CustomerID 1e30", new(Single, FirstRowWithRawValue("CustomerID", "1e30"), HttpStatusCode.BadRequest, ["CustomerID"]) },
        { "CustomerID negative", Invalid("CustomerID", -17850) },
        { "CustomerID zero", Invalid("CustomerID", 0) },
        { "InvoiceNo as a huge number", new(Single, FirstRowWithRawValue("InvoiceNo", "123456789012345678901234567890"), HttpStatusCode.BadRequest, ["InvoiceNo"]) },
        { "InvoiceNo negative", Invalid("InvoiceNo", -536365) },

        // Dates that do not exist or cannot be told apart.
        { "2/30/2011 does not exist", Invalid("InvoiceDate", "2/30/2011 8:26") },
        { "month 13", Invalid("InvoiceDate", "13/1/2010 8:26") },
        { "hour 25", Invalid("InvoiceDate", "12/1/2010 25:00") },
        { "ISO 2011-02-30", Invalid("InvoiceDate", "2011-02-30T10:00:00") },
        { "ambiguous 12-02-2010 08:26:00", Invalid("InvoiceDate", "12-02-2010 08:26:00") },
        { "ambiguous 01.12.2010 08:26", Invalid("InvoiceDate", "01.12.2010 08:26") },
        { "a date in words", Invalid("InvoiceDate", "1 December 2010") },
        { "an empty date", Invalid("InvoiceDate", "") },
        { "a date in 1900", Invalid("InvoiceDate", "1/1/1900 0:00") },

        // Batches.
        { "an empty JSON batch", new(Batch, Utf8("[]"), HttpStatusCode.BadRequest, []) },
        { "an empty NDJSON batch", new(Batch, Utf8("\n\n"), HttpStatusCode.BadRequest, [], ContentType: "application/x-ndjson") },
        { "a batch over the count limit", new(Batch, ManyRows(5001), HttpStatusCode.RequestEntityTooLarge, []) },

        // Limits, media types, keys.
        { "a 20 MB body on the batch route", new(Batch, new byte[20 << 20], HttpStatusCode.RequestEntityTooLarge, []) },
        { "a 20 MB body on the single route", new(Single, new byte[20 << 20], HttpStatusCode.RequestEntityTooLarge, []) },
        { "a 20 MB body of unknown length", new(Batch, new byte[20 << 20], HttpStatusCode.RequestEntityTooLarge, [], UnknownLength: true) },
        { "text/plain", new(Single, Utf8(RealRows.First().ToJsonString()), HttpStatusCode.UnsupportedMediaType, [], ContentType: "text/plain") },
        { "XML", new(Seed, Utf8("<InvoiceNo>536365</InvoiceNo>"), HttpStatusCode.UnsupportedMediaType, [], ContentType: "application/xml") },
        { "form data on the batch route", new(Batch, Utf8("InvoiceNo=536365"), HttpStatusCode.UnsupportedMediaType, [], ContentType: "application/x-www-form-urlencoded") },
        { "no API key", new(Single, Utf8(RealRows.First().ToJsonString()), HttpStatusCode.Unauthorized, [], ApiKey: null) },
        { "no API key on the batch route", new(Batch, ManyRows(2), HttpStatusCode.Unauthorized, [], ApiKey: null) },
        { "a wrong API key", new(Single, Utf8(RealRows.First().ToJsonString()), HttpStatusCode.Forbidden, [], ApiKey: "wrong-key-0123456789abcdef") },
        { "a wrong API key on the seed route", new(Seed, Utf8(RealRows.First().ToJsonString()), HttpStatusCode.Forbidden, [], ApiKey: "x") },
        { "an Idempotency-Key with spaces", new(Single, Utf8(RealRows.First().ToJsonString()), HttpStatusCode.BadRequest, ["Idempotency-Key"], IdempotencyKey: "not a key") },
        { "an Idempotency-Key of 200 characters", new(Single, Utf8(RealRows.First().ToJsonString()), HttpStatusCode.BadRequest, ["Idempotency-Key"], IdempotencyKey: new string('k', 200)) },
        {
            "an Idempotency-Key that differs from the Id field",
            new(Single, Row("Id", "row-1"), HttpStatusCode.BadRequest, ["Idempotency-Key"], IdempotencyKey: "row-2")
        },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Answers_a_bad_request_with_a_4xx_problem_and_writes_nothing_to_Kafka(string name, BadRequest bad)
    {
        var reader = host.Reader();
        var before = reader.EndOffsetTotal();

        var keys = await SendAndCheckAsync(name, bad);

        foreach (var key in bad.ErrorKeys)
        {
            Assert.True(keys.Contains(key), $"{name}: errors name {string.Join(", ", keys)}, not {key}");
        }
        Assert.Equal(before, reader.EndOffsetTotal());
    }

    [Fact]
    public async Task Stays_healthy_after_the_whole_corpus_and_still_accepts_a_good_document()
    {
        foreach (var entry in Corpus())
        {
            await SendAndCheckAsync((string)entry[0], (BadRequest)entry[1]);
        }

        using var client = host.CreateClient();
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var alive = await client.GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        using var good = await client.PostAsync(Single, new StringContent(RealRows.First().ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
    }

    private async Task<IReadOnlySet<string>> SendAndCheckAsync(string name, BadRequest bad)
    {
        using var client = host.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, bad.Route)
        {
            Content = bad.UnknownLength ? new StreamContent(new UnseekableStream(bad.Body)) : new ByteArrayContent(bad.Body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(bad.ContentType);
        if (bad.ApiKey is not null)
        {
            request.Headers.Add(PipelineNames.ApiKeyHeader, bad.ApiKey.Length == 0 ? host.ApiKey : bad.ApiKey);
        }
        if (bad.IdempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", bad.IdempotencyKey);
        }

        using var response = await client.SendAsync(request);

        Assert.True((int)response.StatusCode is >= 400 and < 500,
            $"{name}: answered {(int)response.StatusCode}: {HttpAssert.Cut(await response.Content.ReadAsStringAsync())}");
        var problem = await HttpAssert.ProblemAsync(response, bad.Status, name);
        return HttpAssert.ErrorKeys(problem);
    }

    /// <summary>A body whose length the client cannot know up front (sent chunked).</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
