using System.Security.Cryptography;
using System.Text;
using DocStream.Contracts;
using DocStream.IngestApi.Telemetry;
using Microsoft.Extensions.Options;

namespace DocStream.IngestApi.Security;

/// <summary>
/// Requires <c>X-Api-Key</c>: missing gives 401, wrong gives 403 (problem+json). Both sides are hashed and the
/// hashes compared in constant time, so neither the key's content nor its length shows in response timings.
/// </summary>
internal sealed class ApiKeyFilter(IOptions<IngestOptions> options, IngestMetrics metrics) : IEndpointFilter
{
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.ApiKey));

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var sent = http.Request.Headers[PipelineNames.ApiKeyHeader].ToString();
        if (sent.Length == 0)
        {
            metrics.Rejected(1, "unauthorized");
            http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{PipelineNames.ApiKeyHeader}\"";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required",
                detail: $"Send the API key in the {PipelineNames.ApiKeyHeader} header.");
        }
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent)), _expected))
        {
            metrics.Rejected(1, "forbidden");
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "API key not valid",
                detail: $"The {PipelineNames.ApiKeyHeader} header does not hold a valid key.");
        }
        return await next(context);
    }
}
