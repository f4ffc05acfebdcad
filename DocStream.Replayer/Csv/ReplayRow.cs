namespace DocStream.Replayer.Csv;

/// <summary>A data row on its way: either a document to send or a row that could not be mapped.</summary>
public readonly record struct ReplayRow(long RowNumber, ReplayDocument? Document, UnmappableRow? Unmappable);
