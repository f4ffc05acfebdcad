using DocStream.MongoEmulator.Auth;

namespace DocStream.MongoEmulator.Commands;

/// <summary>Per-connection state: its id, who authenticated, and an in-progress SASL conversation.</summary>
internal sealed class ConnectionState(int connectionId)
{
    public int ConnectionId { get; } = connectionId;

    public string? AuthenticatedUser { get; set; }

    public string? AuthenticatedDatabase { get; set; }

    public bool IsAuthenticated => AuthenticatedUser is not null;

    public ScramConversation? Conversation { get; set; }

    public bool SkipEmptyExchange { get; set; }

    /// <summary>The driver's <c>client.application.name</c> from the handshake (what a fail point's <c>appName</c> matches).</summary>
    public string? AppName { get; set; }
}
