using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using DocStream.ServiceDefaults.Kafka;
using DocStream.StreamProcessor.Consuming;
using DocStream.StreamProcessor.Telemetry;

namespace DocStream.StreamProcessor.Tests.Units;

public sealed class BatchTracingTests : IDisposable
{
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = s => s.Name == KafkaTelemetry.Name,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
    };

    public BatchTracingTests() => ActivitySource.AddActivityListener(_listener);

    public void Dispose() => _listener.Dispose();

    private static ActivityContext NewRequest() => new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

    private static Headers HeadersOf(ActivityContext request) =>
        new() { { "traceparent", Encoding.ASCII.GetBytes($"00-{request.TraceId.ToHexString()}-{request.SpanId.ToHexString()}-01") } };

    private static ConsumedDocument From(ActivityContext request, int offset) =>
        Messages.Document($"t-{offset}", partition: 4, offset: offset, headers: HeadersOf(request));

    [Fact]
    public void A_batch_from_one_request_continues_that_requests_trace()
    {
        var request = NewRequest();
        using var activity = BatchTracing.Start([From(request, 7), From(request, 8)]);

        Assert.NotNull(activity);
        Assert.Equal(request.TraceId, activity.TraceId);
        Assert.Equal(request.SpanId, activity.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, activity.Kind);
        Assert.Equal($"process {Messages.Topic}", activity.DisplayName);
        Assert.Equal(2, activity.GetTagItem("messaging.batch.message_count"));
        Assert.Equal("4", activity.GetTagItem("messaging.destination.partition.id"));
        Assert.Equal(7L, activity.GetTagItem("messaging.kafka.offset"));
    }

    [Fact]
    public void A_batch_from_several_requests_starts_its_own_trace_linked_to_each_once()
    {
        Activity.Current = null;
        var (a, b) = (NewRequest(), NewRequest());
        using var activity = BatchTracing.Start([From(a, 0), From(b, 1), From(a, 2), Messages.Document("untraced", offset: 3)]);

        Assert.NotNull(activity);
        Assert.NotEqual(a.TraceId, activity.TraceId);
        Assert.NotEqual(b.TraceId, activity.TraceId);
        Assert.Equal([a.TraceId, b.TraceId], activity.Links.Select(l => l.Context.TraceId));
    }

    [Fact]
    public void Links_are_bounded()
    {
        var batch = Enumerable.Range(0, BatchTracing.MaxLinks + 10).Select(i => From(NewRequest(), i)).ToList();
        using var activity = BatchTracing.Start(batch);

        Assert.NotNull(activity);
        Assert.Equal(BatchTracing.MaxLinks, activity.Links.Count());
    }

    [Fact]
    public void A_committed_batch_span_says_how_many_documents_it_wrote_and_ends()
    {
        var activity = BatchTracing.Start([Messages.Document("w")]);
        Assert.NotNull(activity);

        BatchTracing.Committed(activity, 1);

        Assert.Equal(1, activity.GetTagItem("docstream.documents.written"));
        Assert.True(activity.IsStopped);
    }
}
