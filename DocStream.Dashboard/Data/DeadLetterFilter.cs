using System.Text.RegularExpressions;
using DocStream.Contracts;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.Dashboard.Data;

/// <summary>
/// What the dead-letter page shows and what a bulk re-drive takes: kind, a piece of the reason (case-insensitive),
/// a receivedAt range (UTC, <see cref="To"/> exclusive) and a partition. Empty parts match everything.
/// </summary>
public sealed record DeadLetterFilter(string? Kind = null, string? ReasonContains = null, DateTime? From = null, DateTime? To = null, int? Partition = null)
{
    public static DeadLetterFilter None { get; } = new();

    public FilterDefinition<BsonDocument> ToMongo()
    {
        var f = Builders<BsonDocument>.Filter;
        var parts = new List<FilterDefinition<BsonDocument>>();
        if (!string.IsNullOrWhiteSpace(Kind))
        {
            parts.Add(f.Eq("kind", Kind));
        }
        if (!string.IsNullOrWhiteSpace(ReasonContains))
        {
            // Escaped: an operator's text is looked for as typed, never read as a pattern.
            parts.Add(f.Regex("reason", new BsonRegularExpression(Regex.Escape(ReasonContains.Trim()), "i")));
        }
        if (From is { } from)
        {
            parts.Add(f.Gte("receivedAt", DateTime.SpecifyKind(from, DateTimeKind.Utc)));
        }
        if (To is { } to)
        {
            parts.Add(f.Lt("receivedAt", DateTime.SpecifyKind(to, DateTimeKind.Utc)));
        }
        if (Partition is { } partition)
        {
            parts.Add(f.Eq("partition", partition));
        }
        return parts.Count == 0 ? f.Empty : f.And(parts);
    }

    /// <summary>For the audit trail: what the filter was, in words.</summary>
    public string Describe()
    {
        string?[] words =
        [
            string.IsNullOrWhiteSpace(Kind) ? null : $"kind={Kind}",
            string.IsNullOrWhiteSpace(ReasonContains) ? null : $"reason contains '{ReasonContains.Trim()}'",
            From is { } from ? $"from {from:u}" : null,
            To is { } to ? $"to {to:u}" : null,
            Partition is { } p ? $"partition {p}" : null,
        ];
        var given = words.OfType<string>().ToList();
        return given.Count == 0 ? "all dead letters" : string.Join(", ", given);
    }
}
