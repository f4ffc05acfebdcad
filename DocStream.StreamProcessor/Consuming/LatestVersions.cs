namespace DocStream.StreamProcessor.Consuming;

/// <summary>
/// The decodable documents of a batch, one version per id: the same document twice in one batch (a client retry, a
/// corrected resend) is written once, in its latest version. <see cref="Ids"/> also tells a later batch whether it
/// must wait for this one.
/// </summary>
/// <param name="Documents">One per id, in the order each id first appeared, each holding its latest version.</param>
/// <param name="Ids">Document id to its index in <paramref name="Documents"/>.</param>
public sealed record LatestVersions(IReadOnlyList<ConsumedDocument> Documents, IReadOnlyDictionary<string, int> Ids)
{
    public static LatestVersions Of(IReadOnlyList<ConsumedDocument> batch)
    {
        var ids = new Dictionary<string, int>(batch.Count);
        var latest = new List<ConsumedDocument>(batch.Count);
        foreach (var d in batch)
        {
            if (d.Line is null)
            {
                continue;
            }
            if (ids.TryGetValue(d.Line.Id, out var at))
            {
                latest[at] = d;
            }
            else
            {
                ids[d.Line.Id] = latest.Count;
                latest.Add(d);
            }
        }
        return new LatestVersions(latest, ids);
    }

    /// <summary>True when a decodable document of <paramref name="batch"/> has an id of this one.</summary>
    public bool SharesAnId(IEnumerable<ConsumedDocument> batch) => batch.Any(d => d.Line is not null && Ids.ContainsKey(d.Line.Id));
}
