using System.Net;
using System.Text.Json;

namespace DocStream.IngestApi.Tests.Infrastructure;

/// <summary>Checks on the API's answers.</summary>
public static class HttpAssert
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>
    /// Asserts <paramref name="response"/> is <paramref name="status"/> with an RFC 9457 body, and returns the
    /// body's <c>errors</c> keys (empty when it has none).
    /// </summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string because = "")
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{because}: expected {(int)status}, got {(int)response.StatusCode}: {Cut(text)}");
        Assert.True(ProblemJson == response.Content.Headers.ContentType?.MediaType,
            $"{because}: expected {ProblemJson}, got '{response.Content.Headers.ContentType}': {Cut(text)}");
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement.Clone();
        Assert.Equal((int)status, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()), $"{because}: the problem has no title");
        return root;
    }

    /// <summary>The field paths named in a validation problem's <c>errors</c>.</summary>
    public static IReadOnlySet<string> ErrorKeys(JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            ? errors.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();

    public static string Cut(string text) => text.Length <= 600 ? text : text[..600] + "…";
}
