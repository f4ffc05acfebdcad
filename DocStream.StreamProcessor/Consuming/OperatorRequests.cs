using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.StreamProcessor.Control;
using DocStream.StreamProcessor.Status;

namespace DocStream.StreamProcessor.Consuming;

/// <summary>
/// Follows what the operators asked for (<see cref="ProcessingSwitch"/>, read from MongoDB): the pause switch, and each
/// rewind request once. Used from the consumer thread only.
/// </summary>
public sealed class OperatorRequests(IConsumer<string?, byte[]> consumer, ProcessingSwitch processing, ProcessorState state, ILogger logger)
{
    /// <summary>Rewinds asked for before this instance started were applied by the partitions' owners of the time.</summary>
    private readonly DateTime _startedAt = DateTime.UtcNow;
    private string? _lastRewind;

    /// <summary>Fetching is paused because an operator asked (not because MongoDB fails).</summary>
    public bool Paused { get; private set; }

    /// <summary>
    /// Pauses or resumes fetching to match the switch. Paused again on every turn, not once: the MongoDB retry and a
    /// re-assignment resume partitions of their own accord. What was fetched before still goes through (written and
    /// committed), and the loop keeps polling, so the group membership lives on and resuming continues from the commits.
    /// </summary>
    public void FollowPause()
    {
        if (processing.Paused)
        {
            consumer.Pause(consumer.Assignment);
            if (!Paused)
            {
                Paused = true;
                state.SetOperatorPaused(true);
                logger.LogInformation("Fetching paused on the operators' request.");
            }
        }
        else if (Paused)
        {
            consumer.Resume(consumer.Assignment);
            Paused = false;
            state.SetOperatorPaused(false);
            logger.LogInformation("Fetching resumed on the operators' request.");
        }
    }

    /// <summary>A rewind this instance has to apply, once per request id: asked after it started, with partitions to move.</summary>
    public RewindRequest? TakeNewRewind(bool ownsPartitions)
    {
        if (processing.Rewind is not { } request || request.Id == _lastRewind)
        {
            return null;
        }
        _lastRewind = request.Id;
        return request.RequestedAt >= _startedAt && ownsPartitions ? request : null;
    }
}
