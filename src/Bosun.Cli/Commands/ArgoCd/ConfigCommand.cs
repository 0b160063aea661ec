using System.CommandLine;
using Bosun.Cli.Client;
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
        var connection = new Connection();
        var project = new Option<string>("--project") { Description = "The Bosun project whose shipyard names the delivery sequence", Required = true };
        var sequence = new Option<string?>("--sequence") { Description = "The sequence a new revision starts (default: the shipyard's first sequence with a deliver task)" };
        var bosunUrl = new Option<string?>("--bosun-url") { Description = "Bosun's URL as Argo CD reaches it (default: --server)" };
        var command = new Command("config", """
            Print the Argo CD notifications ConfigMap and account snippet for a project

            Examples:
              bosun argocd config --project podtato | kubectl apply -n argocd -f -
              bosun argocd config --project podtato --bosun-url http://bosun.bosun.svc:8080
            """)
        {
            project, sequence, bosunUrl,
        };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var (serverUri, token) = connection.Resolve(result);
            var reachUrl = result.GetValue(bosunUrl) is { } given ? Connection.ParseServer(given) : serverUri;
            var name = result.GetValue(project)!;
            var chosen = result.GetValue(sequence);
            if (chosen is null)
            {
                using var client = new BosunClient(serverUri, token);
                var answer = await client.GetAsync($"/api/controlPlane/v1/project/{Uri.EscapeDataString(name)}", cancellationToken);
                var shipyard = ShipyardParser.Parse(answer["shipyard"]?.GetValue<string>() ?? string.Empty);
                chosen = NotificationsConfigWriter.DeliverySequence(shipyard)
                    ?? throw CliException.NotFound($"the shipyard of project {name} has no sequence with a deliver task; name one with --sequence");
            }
            Console.Write(NotificationsConfigWriter.Write(reachUrl, chosen));
            return ExitCodes.Ok;
        });
        return command;
    }
}
