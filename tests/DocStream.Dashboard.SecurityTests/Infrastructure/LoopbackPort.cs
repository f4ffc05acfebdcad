using System.Net;
using System.Net.Sockets;

namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>
/// The address of an app that must be known before the app starts: its redirect URIs are registered with
/// the provider first. The OS picks a free port; another process could take it before the app binds it,
/// as rarely as in the other test projects that do the same.
/// </summary>
public static class LoopbackPort
{
    public static Uri NewBaseUri()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
    }
}
