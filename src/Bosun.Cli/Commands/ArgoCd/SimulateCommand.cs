using System.CommandLine;
using Bosun.ArgoCdSimulator.Api;
using Bosun.ArgoCdSimulator.Model;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bosun.Cli.Commands.ArgoCd;

/// <summary>
/// <c>bosun argocd simulate</c>: serves the Argo CD application API from a file of apps, so Bosun can be tried
/// without a cluster. Push a new revision with <c>POST /sim/apps/{name}/push {"revision": "…"}</c>.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "Address to listen on, host:port", DefaultValueFactory = _ => "127.0.0.1:8081" };
        var apps = new Option<FileInfo?>("--apps") { Description = "JSON file of apps: [{\"name\", \"revision\", \"project\", \"labels\", \"annotations\", \"autoSync\", …}]" };
        var token = new Option<string?>("--token") { Description = "Bearer token clients must send (any request is accepted without it)" };
        var command = new Command("simulate", "Run a local Argo CD API simulator (spec/argocd.md)") { listen, apps, token };
        command.SetAction(async (result, cancellationToken) =>
        {
            var simulation = new ArgoCdSimulation();
            if (result.GetValue(apps) is { } file)
            {
                try
                {
                    AppSeed.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken)).ForEach(simulation.AddApp);
                }
                catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
                {
                    await Console.Error.WriteLineAsync($"bosun argocd simulate: {file.Name}: {e.Message}");
                    return ExitCodes.Usage;
                }
            }
            var app = SimulatorHost.Build(new SimulatorOptions { Listen = result.GetValue(listen)!, Token = result.GetValue(token) }, simulation);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"bosun argocd simulate: {e.Message}");
                return ExitCodes.Failure;
            }
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            Console.WriteLine($"Argo CD simulator listening on {address} with {simulation.List(null, null).Count} app(s)");
            await app.WaitForShutdownAsync(CancellationToken.None);
            return ExitCodes.Ok;
        });
        return command;
    }
}
