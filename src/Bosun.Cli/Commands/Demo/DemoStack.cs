using Bosun.ArgoCdSimulator.Api;
using Bosun.ArgoCdSimulator.Model;
using Bosun.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bosun.Cli.Commands.Demo;

/// <summary>Bosun, the Argo CD simulator and the demo's test runner, all in this process on loopback ports.</summary>
internal sealed class DemoStack : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];

    private DemoStack(string directory) => Directory = directory;

    public string Directory { get; }
    public string DataDirectory => Path.Combine(Directory, "data");
    public string FilesDirectory => Path.Combine(Directory, "files");
    public string TokenFile => Path.Combine(DataDirectory, ApiToken.FileName);
    public ArgoCdSimulation Simulation { get; } = new();
    public string Bosun { get; private set; } = string.Empty;
    public string ArgoCd { get; private set; } = string.Empty;
    public Uri Tests { get; private set; } = null!;
    public string Token { get; private set; } = string.Empty;

    public static async Task<DemoStack> StartAsync(string directory, CancellationToken cancellationToken)
    {
        var stack = new DemoStack(directory);
        try
        {
            foreach (var (name, labels) in new[]
            {
                (DemoFiles.DevApp, new Dictionary<string, string> { ["keptnProject"] = DemoFiles.Project, ["keptnService"] = DemoFiles.Service, ["stage"] = "dev" }),
                (DemoFiles.ProdApp, new Dictionary<string, string> { ["app"] = DemoFiles.Service }),
            })
            {
                stack.Simulation.AddApp(new SimulatedApp
                {
                    Name = name,
                    HeadRevision = "r1",
                    Labels = labels,
                    Images = ["ghcr.io/bosun/demo-web:r1"],
                    ExternalUrls = [$"https://{name}.example.com"],
                    SyncDuration = TimeSpan.FromMilliseconds(600),
                    HealthDelay = TimeSpan.FromMilliseconds(600),
                });
            }
            stack.ArgoCd = await stack.StartAsync(SimulatorHost.Build(new SimulatorOptions { Listen = "127.0.0.1:0" }, stack.Simulation, EmbeddedLifetime.Use), cancellationToken);
            stack.Tests = new Uri(await stack.StartAsync(DemoActors.TestRunner(), cancellationToken) + "/");
            // The files first: a later run recognises an earlier demo by them.
            DemoFiles.Write(stack.FilesDirectory, stack.Tests);
            System.IO.Directory.CreateDirectory(stack.DataDirectory);
            var options = new BosunOptions
            {
                Listen = "127.0.0.1:0",
                DataDirectory = stack.DataDirectory,
                ArgoCdUrl = stack.ArgoCd,
                WebhookAllow = "127.0.0.1",
            };
            // The demo shows the events; the server's own log lines would interleave with them.
            stack.Bosun = await stack.StartAsync(BosunServer.Build(options, console: TextWriter.Null, configure: s =>
            {
                s.RemoveAll<ILoggerProvider>();
                EmbeddedLifetime.Use(s);
            }), cancellationToken);
            stack.Token = (await File.ReadAllTextAsync(stack.TokenFile, cancellationToken)).Trim();
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task<string> StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        _apps.Add(app);
        await app.StartAsync(cancellationToken);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in Enumerable.Reverse(_apps))
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
