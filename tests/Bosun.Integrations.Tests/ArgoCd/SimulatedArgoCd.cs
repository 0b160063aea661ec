using Bosun.ArgoCdSimulator.Model;
using Bosun.Integrations.ArgoCd;
using Bosun.TestKit;

namespace Bosun.Integrations.Tests.ArgoCd;

/// <summary>The Argo CD simulator on a loopback port, with a client pointed at it.</summary>
public sealed class SimulatedArgoCd : IAsyncDisposable
{
    public const string Token = LoopbackArgoCd.Token;
    private readonly LoopbackArgoCd _host;
    private readonly List<HttpClient> _clients = [];

    private SimulatedArgoCd(LoopbackArgoCd host) => _host = host;

    public ArgoCdSimulation Simulation => _host.Simulation;
    public Uri Address => _host.Address;

    public static async Task<SimulatedArgoCd> StartAsync() => new(await LoopbackArgoCd.StartAsync());

    public ArgoCdClient Client(string token = Token, Uri? address = null)
    {
        HttpClient Http(TimeSpan timeout)
        {
            var http = new HttpClient { BaseAddress = address ?? Address, Timeout = timeout };
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
            _clients.Add(http);
            return http;
        }
        return new ArgoCdClient(Http(TimeSpan.FromSeconds(10)), Http(Timeout.InfiniteTimeSpan));
    }

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        await _host.DisposeAsync();
    }
}
