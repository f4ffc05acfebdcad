namespace DocStream.Dashboard.Data;

/// <summary>The dead-letter collection, newest first.</summary>
public interface IDeadLetterQueries
{
    Task<DeadLetterPage> GetDeadLettersAsync(DeadLetterFilter filter, int skip, int take, CancellationToken cancellationToken = default);
}
