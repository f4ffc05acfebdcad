using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using DocStream.ServiceDefaults.Kafka;
using OpenTelemetry;
using Xunit;

namespace DocStream.Observability.Tests;

/// <summary>The trace context through Kafka headers, written and read with OpenTelemetry's propagator.</summary>
public sealed class KafkaTraceContextTests
{
    private static Activity Started(string traceState)
    {
        var activity = new Activity("send ingestion-topic");
        activity.SetIdFormat(ActivityIdFormat.W3C);
        activity.TraceStateString = traceState;
        activity.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        return activity.Start();
    }

    private static string Header(Headers headers, string key) =>
        headers.TryGetLastBytes(key, out var value) ? Encoding.UTF8.GetString(value) : "(none)";

    [Fact]
    public void The_producers_context_comes_out_of_the_headers_as_it_went_in()
    {
        using var activity = Started("vendor=1");
        var headers = new Headers();

        KafkaTelemetry.Inject(activity, headers);
        var read = KafkaTelemetry.TryExtract(headers, out var context);

        Assert.True(read);
        Assert.Equal($"00-{activity.TraceId}-{activity.SpanId}-01", Header(headers, "traceparent"));
        Assert.Equal("vendor=1", Header(headers, "tracestate"));
        Assert.Equal(activity.TraceId, context.TraceId);
        Assert.Equal(activity.SpanId, context.SpanId);
        Assert.Equal("vendor=1", context.TraceState);
        Assert.True(context.IsRemote);
    }

    [Fact]
    public void Baggage_travels_with_the_trace_context()
    {
        using var activity = Started("");
        var previous = Baggage.Current;
        Baggage.Current = Baggage.Create(new Dictionary<string, string> { ["tenant"] = "uk" });
        try
        {
            var headers = new Headers();
            KafkaTelemetry.Inject(activity, headers);
            Assert.Equal("tenant=uk", Header(headers, "baggage"));
        }
        finally
        {
            Baggage.Current = previous;
        }
    }

    [Fact]
    public void Injecting_again_replaces_the_context_instead_of_adding_a_second_one()
    {
        using var first = Started("");
        var headers = new Headers();
        KafkaTelemetry.Inject(first, headers);
        using var second = Started("");

        KafkaTelemetry.Inject(second, headers);

        Assert.Single(headers, h => h.Key == "traceparent");
        Assert.True(KafkaTelemetry.TryExtract(headers, out var context));
        Assert.Equal(second.SpanId, context.SpanId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-traceparent")]
    public void Headers_without_a_valid_context_give_none(string? traceParent)
    {
        var headers = new Headers();
        if (traceParent is not null)
        {
            headers.Add("traceparent", Encoding.UTF8.GetBytes(traceParent));
        }

        Assert.False(KafkaTelemetry.TryExtract(headers, out var context));
        Assert.Equal(default, context);
        Assert.False(KafkaTelemetry.TryExtract(null, out _));
    }
}
