using DocStream.Contracts;

namespace DocStream.Dashboard.Data;

/// <summary>One page of lines and how many match the filter (<see cref="TotalIsLowerBound"/> when counting stopped at a cap).</summary>
public sealed record LinePage(IReadOnlyList<InvoiceLine> Items, long TotalCount, bool TotalIsLowerBound = false);
