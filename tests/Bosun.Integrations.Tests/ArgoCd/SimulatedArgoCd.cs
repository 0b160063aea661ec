using Bosun.ArgoCdSimulator.Api;
using Bosun.ArgoCdSimulator.Model;
using Bosun.Integrations.ArgoCd;
using Bosun.TestKit;
using Microsoft.AspNetCore.Builder;

namespace Bosun.Integrations.Tests.ArgoCd;

/// <summary>The Argo CD simulator on a loopback port, with a client pointed at it.</summary>
public sealed class SimulatedArgoCd : IAsyncDisposable
{
    public const string Token = "argo-token";
    private readonly WebApplication _app;
    private readonly List<HttpClient> _clients = [];

    private SimulatedArgoCd(WebApplication app, ArgoCdSimulation simulation, Uri address)
    {
        _app = app;
        Simulation = simulation;
        Address = address;
    }

    public ArgoCdSimulation Simulation { get; }
    public Uri Address { get; }

    public static async Task<SimulatedArgoCd> StartAsync()
    {
        var simulation = new ArgoCdSimulation();
        var app = SimulatorHost.Build(new SimulatorOptions { Listen = "127.0.0.1:0", Token = Token }, simulation);
        return new SimulatedArgoCd(app, simulation, await LoopbackHost.StartAsync(app));
    }

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
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
