using System.Globalization;
using DocStream.IngestApi.Telemetry;
using Microsoft.Extensions.Options;

namespace DocStream.IngestApi.Admission;

/// <summary>
/// Refuses documents with 503 and <c>Retry-After</c> while the processor is too far behind, instead of accepting
/// what the log might drop before it is stored. Nothing of a refused request reaches Kafka.
/// </summary>
internal sealed class AdmissionFilter(AdmissionGate gate, IOptions<AdmissionOptions> options, IngestMetrics metrics) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var state = gate.State;
        if (!state.Shedding)
        {
            return await next(context);
        }
        metrics.Rejected(1, "shedding");
        var wait = options.Value.RetryAfterSeconds;
        context.HttpContext.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The pipeline is behind.",
            detail: $"{Capitalized(state.Describe(options.Value))}. Nothing of this request was accepted: send it again in {wait} s with the same ids.",
            extensions: new Dictionary<string, object?>
            {
                ["lag"] = state.WorstLag, ["partition"] = state.WorstPartition,
                ["oldestAgeSeconds"] = Math.Round(state.OldestAge.TotalSeconds), ["over"] = state.Cause,
            });
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
