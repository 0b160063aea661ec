using System.CommandLine;
using Bosun.ArgoCdSimulator.Api;
using Bosun.ArgoCdSimulator.Model;
using Bosun.ArgoCdSimulator.Notifications;
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
        var notifications = new Option<FileInfo?>("--notifications") { Description = "An argocd-notifications-cm ConfigMap: its triggers send its webhook templates, as Argo CD Notifications would" };
        var secrets = new Option<string[]>("--secret") { Description = "NAME=VALUE for $NAME in the ConfigMap's services (argocd-notifications-secret); repeatable", AllowMultipleArgumentsPerToken = false };
        var command = new Command("simulate", """
            Run a local Argo CD API simulator (spec/argocd.md)

            Examples:
              bosun argocd simulate --apps apps.json --token argo-token
              curl -X POST http://127.0.0.1:8081/sim/apps/web-dev/push -H "Authorization: Bearer argo-token" -d '{"revision":"r2"}'
            """) { listen, apps, token, notifications, secrets };
        command.SetAction(async (result, cancellationToken) =>
        {
            var simulation = new ArgoCdSimulation();
            NotificationsEngine? engine = null;
            using var http = new HttpClient();
            if (result.GetValue(notifications) is { } configMap)
            {
                var values = new Dictionary<string, string>();
                foreach (var pair in result.GetValue(secrets) ?? [])
                {
                    var at = pair.IndexOf('=', StringComparison.Ordinal);
                    if (at <= 0)
                    {
                        await Console.Error.WriteLineAsync($"bosun argocd simulate: --secret '{pair}' is not NAME=VALUE");
                        return ExitCodes.Usage;
                    }
                    values[pair[..at]] = pair[(at + 1)..];
                }
                try
                {
                    engine = new NotificationsEngine(simulation, NotificationsConfig.Parse(await File.ReadAllTextAsync(configMap.FullName, cancellationToken), values), http);
                }
                catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
                {
                    await Console.Error.WriteLineAsync($"bosun argocd simulate: {configMap.Name}: {e.Message}");
                    return ExitCodes.Usage;
                }
            }
            // Apps are added after the notifications engine starts, so it sees them as Argo CD's controller would.
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
            if (engine is not null)
            {
                await engine.DisposeAsync();
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
