using DocStream.Contracts;

namespace DocStream.Dashboard.Data;

/// <summary>One invoice of a customer: its lines grouped by InvoiceNo.</summary>
public sealed record CustomerInvoice(string InvoiceNo, DateTime InvoiceDate, int LineCount, decimal Total, bool IsCancellation);

/// <summary>A customer's invoices, newest first. <see cref="Country"/> is the customer's country (one per invoice in the data).</summary>
public sealed record CustomerSummary(int CustomerId, string? Country, IReadOnlyList<CustomerInvoice> Invoices)
{
    public decimal Total => Invoices.Sum(i => i.Total);
    public int LineCount => Invoices.Sum(i => i.LineCount);
    public int CancelledInvoices => Invoices.Count(i => i.IsCancellation);
}

/// <summary>An invoice's header (from its first line) and its lines.</summary>
public sealed record InvoiceDetails(string InvoiceNo, DateTime InvoiceDate, int? CustomerId, string Country, bool IsCancellation, IReadOnlyList<InvoiceLine> Lines)
{
    public decimal Total => Lines.Sum(l => l.LineTotal);
    public int TotalQuantity => Lines.Sum(l => l.Quantity);

    public static InvoiceDetails? FromLines(IReadOnlyList<InvoiceLine> lines)
    {
        if (lines.Count == 0)
        {
            return null;
        }
        var first = lines[0];
        return new InvoiceDetails(first.InvoiceNo, lines.Min(l => l.InvoiceDate), first.CustomerID, first.Country, first.IsCancellation, lines);
    }
}

/// <summary>Filters of the all-lines grid. Empty filter = all 541,909 lines.</summary>
public sealed record LineFilter
{
    public string? Country { get; init; }
    /// <summary>Inclusive start day (wall-clock date as stored).</summary>
    public DateTime? From { get; init; }
    /// <summary>Inclusive end day: lines up to the end of that day.</summary>
    public DateTime? To { get; init; }
    public bool CancellationsOnly { get; init; }
    public string? DescriptionContains { get; init; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Country) && From is null && To is null && !CancellationsOnly && string.IsNullOrWhiteSpace(DescriptionContains);
}

/// <summary>Columns the grid may sort by: only indexed fields, so a sort never scans the collection.</summary>
public enum LineSortField
{
    /// <summary>Natural id order (the default; the _id index).</summary>
    Id,
    InvoiceDate,
    InvoiceNo,
    CustomerId,
}

public sealed record LineSort(LineSortField Field, bool Ascending)
{
    public static readonly LineSort Default = new(LineSortField.Id, true);

    /// <summary>Maps a grid column's property name to an indexed sort; anything else falls back to <c>_id</c>.</summary>
    public static LineSort FromPropertyName(string? propertyName, bool ascending) => propertyName switch
    {
        nameof(InvoiceLine.InvoiceDate) => new(LineSortField.InvoiceDate, ascending),
        nameof(InvoiceLine.InvoiceNo) => new(LineSortField.InvoiceNo, ascending),
        nameof(InvoiceLine.CustomerID) => new(LineSortField.CustomerId, ascending),
        _ => new(LineSortField.Id, ascending),
    };
}

/// <summary>One page of lines and how many match the filter (<see cref="TotalIsLowerBound"/> when counting stopped at a cap).</summary>
public sealed record LinePage(IReadOnlyList<InvoiceLine> Items, long TotalCount, bool TotalIsLowerBound = false);

/// <summary>A document of <c>dead_letters</c>.</summary>
public sealed record DeadLetter(
    string Id, string Kind, string Reason, string Topic, int Partition, long Offset, long? LastOffset,
    string? Key, string? Value, DateTime ReceivedAt)
{
    public const string PoisonKind = "poison";
    public const string GapKind = "gap";

    /// <summary>The exact bytes of the original value (<see cref="Value"/> is their UTF-8 reading, invalid bytes replaced).</summary>
    public string? ValueBase64 { get; init; }

    /// <summary>What operators did with it; null when never re-driven.</summary>
    public RedriveMark? Redrive { get; init; }

    public bool IsGap => Kind == GapKind;
}

public sealed record DeadLetterPage(IReadOnlyList<DeadLetter> Items, long TotalCount);

/// <summary>A document of <c>processor_status</c>: one processor instance's last report.</summary>
public sealed record ProcessorStatus(
    string InstanceId, DateTime UpdatedAt, long DocumentsWritten, long Batches, int LastBatchSize, double LastBatchMs,
    double DocsPerSecond, long TotalLag, IReadOnlyDictionary<string, long> LagByPartition, long DeadLetters, long Gaps)
{
    /// <summary>Documents per second arriving in Kafka on this instance's partitions (the ingest rate).</summary>
    public double IngestPerSecond { get; init; }

    /// <summary>The instance has paused fetching on the operators' request.</summary>
    public bool Paused { get; init; }

    /// <summary>How long ago the oldest document not yet written was produced (0 when caught up).</summary>
    public double LagAgeSeconds { get; init; }
}

/// <summary>What the overview shows, read in one go.</summary>
public sealed record PipelineOverview(long DocumentsStored, long DeadLetters, IReadOnlyList<ProcessorStatus> Processors, DateTime ReadAt)
{
    /// <summary>Each ingest API instance's admission state, as it last published it.</summary>
    public IReadOnlyList<IngestAdmissionStatus> Ingest { get; init; } = [];
}
