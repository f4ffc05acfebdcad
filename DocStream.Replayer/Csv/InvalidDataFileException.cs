namespace DocStream.Replayer.Csv;

/// <summary>The file is not the data set's CSV at all (missing columns, not gzip...): nothing can be replayed.</summary>
public sealed class InvalidDataFileException(string message, Exception? inner = null) : Exception(message, inner);
