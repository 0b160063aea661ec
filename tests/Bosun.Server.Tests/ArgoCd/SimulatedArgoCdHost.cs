using Bosun.ArgoCdSimulator.Model;
using Bosun.TestKit;

namespace Bosun.Server.Tests.ArgoCd;

/// <summary>The Argo CD simulator on a loopback port, and Bosun servers pointed at it.</summary>
public sealed class SimulatedArgoCdHost : IAsyncDisposable
{
    public const string Token = LoopbackArgoCd.Token;
    private readonly LoopbackArgoCd _host;

    private SimulatedArgoCdHost(LoopbackArgoCd host) => _host = host;

    public ArgoCdSimulation Simulation => _host.Simulation;
    public string Url => _host.Url;

    public static async Task<SimulatedArgoCdHost> StartAsync() => new(await LoopbackArgoCd.StartAsync());

    /// <summary>A Keptn-labelled app with short sync and health phases.</summary>
    public SimulatedApp AddApp(string name, string revision = "r1", string project = "podtato", string service = "helloservice", string stage = "dev",
        Action<SimulatedApp>? configure = null)
    {
        var app = new SimulatedApp
        {
            Name = name,
            Project = "ortelius",
            HeadRevision = revision,
            Labels = { ["keptnProject"] = project, ["keptnService"] = service, ["stage"] = stage },
            Images = [$"ghcr.io/podtato/{name}:{revision}"],
            ExternalUrls = [$"https://{name}.example.com"],
            SyncDuration = TimeSpan.FromMilliseconds(150),
            HealthDelay = TimeSpan.FromMilliseconds(150),
        };
        configure?.Invoke(app);
        Simulation.AddApp(app);
        return app;
    }

    public Task<RunningServer> StartBosunAsync(string? dataDirectory = null, TimeProvider? time = null, string? url = null, string token = Token) =>
        RunningServer.StartAsync(dataDirectory, time, options: o => o with { ArgoCdUrl = url ?? Url, ArgoCdToken = token });

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
