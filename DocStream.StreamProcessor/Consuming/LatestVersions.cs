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
            if (d.Stored is not { Id: var id })
            {
                continue;
            }
            if (ids.TryGetValue(id, out var at))
            {
                latest[at] = d;
            }
            else
            {
                ids[id] = latest.Count;
                latest.Add(d);
            }
        }
        return new LatestVersions(latest, ids);
    }

    /// <summary>True when a decodable document of <paramref name="batch"/> has an id of this one.</summary>
    public bool SharesAnId(IEnumerable<ConsumedDocument> batch) => batch.Any(d => d.Stored is { } s && Ids.ContainsKey(s.Id));
}
