using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using Bosun.Core.Shipyard;
using Bosun.Integrations.ArgoCd;

namespace Bosun.Cli.Commands.ArgoCd;

/// <summary>
/// <c>bosun argocd config</c>: prints the <c>argocd-notifications-cm</c> (the original Keptn templates, corrected) and
/// the <c>argocd-cm</c> account snippet for a project, ready for <c>kubectl apply -f -</c>.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "Bosun server [env: BOSUN_SERVER]", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BOSUN_SERVER") ?? "http://127.0.0.1:8080" };
        var token = new Option<string?>("--token") { Description = "API token [env: BOSUN_TOKEN]", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BOSUN_TOKEN") };
        var project = new Option<string>("--project") { Description = "The Bosun project whose shipyard names the delivery sequence", Required = true };
        var sequence = new Option<string?>("--sequence") { Description = "The sequence a new revision starts (default: the shipyard's first sequence with a deliver task)" };
        var bosunUrl = new Option<string?>("--bosun-url") { Description = "Bosun's URL as Argo CD reaches it (default: --server)" };
        var command = new Command("config", "Print the Argo CD notifications ConfigMap and account snippet for a project")
        {
            server, token, project, sequence, bosunUrl,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var baseUrl = result.GetValue(server)!.TrimEnd('/') + "/";
            if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var serverUri))
            {
                await Console.Error.WriteLineAsync($"bosun argocd config: --server '{result.GetValue(server)}' is not a URL");
                return ExitCodes.Usage;
            }
            var reachUrl = result.GetValue(bosunUrl) is { } given ? new Uri(given.TrimEnd('/') + "/") : serverUri;
            var name = result.GetValue(project)!;
            var chosen = result.GetValue(sequence);
            if (chosen is null)
            {
                var (shipyard, exit) = await FetchShipyardAsync(serverUri, result.GetValue(token), name, cancellationToken);
                if (shipyard is null)
                {
                    return exit;
                }
                chosen = NotificationsConfigWriter.DeliverySequence(shipyard);
                if (chosen is null)
                {
                    await Console.Error.WriteLineAsync($"bosun argocd config: the shipyard of project {name} has no sequence with a deliver task; name one with --sequence");
                    return ExitCodes.NotFound;
                }
            }
            Console.Write(NotificationsConfigWriter.Write(reachUrl, chosen));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<(ShipyardSpec? Shipyard, int Exit)> FetchShipyardAsync(Uri server, string? token, string project, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        if (!string.IsNullOrEmpty(token))
        {
            http.DefaultRequestHeaders.Add("x-token", token);
        }
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync($"api/controlPlane/v1/project/{Uri.EscapeDataString(project)}", cancellationToken);
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"bosun argocd config: cannot reach Bosun at {server}: {e.Message}");
            return (null, ExitCodes.ServerError);
        }
        using (response)
        {
            var exit = response.StatusCode switch
            {
                HttpStatusCode.OK => ExitCodes.Ok,
                HttpStatusCode.Unauthorized => ExitCodes.Unauthorized,
                HttpStatusCode.NotFound => ExitCodes.NotFound,
                _ => ExitCodes.ServerError,
            };
            if (exit != ExitCodes.Ok)
            {
                var message = exit switch
                {
                    ExitCodes.Unauthorized => "the token was refused (set --token or BOSUN_TOKEN)",
                    ExitCodes.NotFound => $"project {project} does not exist",
                    _ => $"Bosun answered {(int)response.StatusCode}",
                };
                await Console.Error.WriteLineAsync($"bosun argocd config: {message}");
                return (null, exit);
            }
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return (ShipyardParser.Parse(body?["shipyard"]?.GetValue<string>() ?? string.Empty), ExitCodes.Ok);
        }
    }
}
