using System.Net;
using System.Net.Sockets;
using Bosun.Server.Hosting;

namespace Bosun.Cli.Commands.Serve;

/// <summary>Fails early, with one line, when the listen address is taken (the host would log a stack trace).</summary>
internal static class ListenCheck
{
    /// <exception cref="IOException">The address cannot be bound.</exception>
    public static void EnsureFree(string listen)
    {
        var uri = new Uri(BosunServer.ListenUrl(listen));
        if (uri.Port == 0 || !IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
        {
            return;
        }
        try
        {
            var probe = new TcpListener(address, uri.Port);
            probe.Start();
            probe.Stop();
        }
        catch (SocketException e)
        {
            throw new IOException($"cannot listen on {listen}: {e.Message}", e);
        }
    }
}
