using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace DocStream.Dashboard.Security;

/// <summary>
/// The server's list of live sign-ins. A cookie is honoured only while its session is here, so signing out ends
/// the session for every copy of the cookie and every open page, and idleness is measured on circuit activity
/// too, not only on HTTP requests. Held in memory: restarting the dashboard signs everyone out.
/// </summary>
public sealed class DashboardSessions(IOptions<SessionOptions> options, TimeProvider time)
{
    /// <summary>The claim naming a principal's session.</summary>
    public const string SessionClaim = "docstream_sid";

    private readonly ConcurrentDictionary<string, Session> _sessions = new();
    private readonly SessionOptions _options = options.Value;
    private long _lastSweep;

    public int Count => _sessions.Count;

    /// <summary>Starts a session and returns its id.</summary>
    public string Start()
    {
        Sweep();
        var now = time.GetUtcNow();
        var id = Guid.NewGuid().ToString("N");
        _sessions[id] = new Session(now, now);
        return id;
    }

    /// <summary>True and the idle clock restarted when the principal's session is alive; false otherwise.</summary>
    public bool Touch(ClaimsPrincipal? principal)
    {
        if (IdOf(principal) is not { } id || !_sessions.TryGetValue(id, out var session))
        {
            return false;
        }
        var now = time.GetUtcNow();
        if (IsOver(session, now))
        {
            _sessions.TryRemove(id, out _);
            return false;
        }
        _sessions[id] = session with { LastSeen = now };
        return true;
    }

    /// <summary>True when the principal's session is alive, without counting this as activity.</summary>
    public bool IsAlive(ClaimsPrincipal? principal) =>
        IdOf(principal) is { } id && _sessions.TryGetValue(id, out var session) && !IsOver(session, time.GetUtcNow());

    public void End(ClaimsPrincipal? principal)
    {
        if (IdOf(principal) is { } id)
        {
            _sessions.TryRemove(id, out _);
        }
    }

    private static string? IdOf(ClaimsPrincipal? principal) => principal?.FindFirst(SessionClaim)?.Value;

    private bool IsOver(Session session, DateTimeOffset now) =>
        now - session.LastSeen >= _options.IdleTimeout || now - session.Started >= _options.MaxLifetime;

    // Abandoned sessions (a closed browser never signs out) are dropped at most once a minute, on a sign-in.
    private void Sweep()
    {
        var now = time.GetUtcNow();
        var last = Interlocked.Read(ref _lastSweep);
        if (now.UtcTicks - last < TimeSpan.TicksPerMinute || Interlocked.CompareExchange(ref _lastSweep, now.UtcTicks, last) != last)
        {
            return;
        }
        foreach (var (id, session) in _sessions)
        {
            if (IsOver(session, now))
            {
                _sessions.TryRemove(id, out _);
            }
        }
    }

    private sealed record Session(DateTimeOffset Started, DateTimeOffset LastSeen);
}
