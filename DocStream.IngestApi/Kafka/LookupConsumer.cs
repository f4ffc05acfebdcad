using Confluent.Kafka;

namespace DocStream.IngestApi.Kafka;

/// <summary>
/// The API's one assign-only consumer (never joins a group, never commits), for reading messages by position: the
/// document locator's search and the age of the oldest unwritten message. A consumer's assignment is one state, so
/// its users take turns.
/// </summary>
public sealed class LookupConsumer(IConsumer<string?, byte[]> consumer) : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Runs <paramref name="read"/> on the thread pool (consuming blocks) with the consumer to itself.</summary>
    public async Task<T> RunAsync<T>(Func<IConsumer<string?, byte[]>, Task<T>> read, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => read(consumer), cancellationToken);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>The CreateTime of the first message at or after <paramref name="offset"/>, or null when there is none.</summary>
    public static DateTime? TimestampAt(IConsumer<string?, byte[]> consumer, TopicPartition partition, long offset, TimeSpan timeout)
    {
        consumer.Assign(new TopicPartitionOffset(partition, offset));
        try
        {
            return consumer.Consume(timeout) is { IsPartitionEOF: false } result ? result.Message.Timestamp.UtcDateTime : null;
        }
        finally
        {
            consumer.Unassign();
        }
    }

    public void Dispose() => _oneAtATime.Dispose();
}
