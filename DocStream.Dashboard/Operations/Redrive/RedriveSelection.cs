using DocStream.Dashboard.Data;

namespace DocStream.Dashboard.Operations.Redrive;

/// <summary>Which dead letters to re-drive: given ids, or every one matching a filter.</summary>
public sealed record RedriveSelection
{
    private RedriveSelection(IReadOnlyList<string> ids, DeadLetterFilter? filter) => (Ids, Filter) = (ids, filter);

    public IReadOnlyList<string> Ids { get; }

    public DeadLetterFilter? Filter { get; }

    public static RedriveSelection One(string id) => new([id], null);

    public static RedriveSelection Many(IEnumerable<string> ids) => new(ids.Distinct(StringComparer.Ordinal).ToList(), null);

    public static RedriveSelection Matching(DeadLetterFilter filter) => new([], filter);

    /// <summary>More than one dead letter: the loop guard applies (a single, deliberate re-drive is never held back).</summary>
    public bool IsBulk => Filter is not null || Ids.Count != 1;

    public string Describe() => Filter is { } filter
        ? $"matching: {filter.Describe()}"
        : Ids.Count <= 5 ? string.Join(", ", Ids) : $"{string.Join(", ", Ids.Take(5))} and {Ids.Count - 5} more";
}
