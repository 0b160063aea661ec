using Bosun.ArgoCdSimulator.Api;
using Bosun.ArgoCdSimulator.Model;
using Microsoft.AspNetCore.Builder;

namespace Bosun.TestKit;

/// <summary>The Argo CD simulator served on a free loopback port, with the simulation at hand for the test.</summary>
public sealed class LoopbackArgoCd : IAsyncDisposable
{
    public const string Token = "argo-token";
    private readonly WebApplication _app;

    private LoopbackArgoCd(WebApplication app, ArgoCdSimulation simulation, Uri address)
    {
        _app = app;
        Simulation = simulation;
        Address = address;
    }

    public ArgoCdSimulation Simulation { get; }
    public Uri Address { get; }
    public string Url => Address.ToString();

    public static async Task<LoopbackArgoCd> StartAsync(ArgoCdSimulation? simulation = null, string? token = Token)
    {
        var sim = simulation ?? new ArgoCdSimulation();
        var app = SimulatorHost.Build(new SimulatorOptions { Listen = "127.0.0.1:0", Token = token }, sim);
        return new LoopbackArgoCd(app, sim, await LoopbackHost.StartAsync(app));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
