namespace DocStream.MongoEmulator.Protocol;

/// <summary>The peer sent bytes that are not a valid message; the connection is closed.</summary>
internal sealed class WireFormatException(string message) : Exception(message);
