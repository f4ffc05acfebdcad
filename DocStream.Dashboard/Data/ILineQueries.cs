namespace DocStream.Dashboard.Data;

/// <summary>Pages over all lines, with filters, sorted only by indexed fields.</summary>
public interface ILineQueries
{
    Task<LinePage> GetLinesAsync(LineFilter filter, LineSort sort, int skip, int take, CancellationToken cancellationToken = default);
}
