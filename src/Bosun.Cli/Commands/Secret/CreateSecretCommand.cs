using System.CommandLine;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;
using Bosun.Server.Secrets;

namespace Bosun.Cli.Commands.Secret;

/// <summary><c>bosun create secret NAME --from-literal k=v…</c>, as keptn's; values are never printed.</summary>
internal static class CreateSecretCommand
{
    public static Command Create()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var name = CommonOptions.Name("name", "The secret's name (webhooks read it with envFrom)");
        var literal = new Option<string[]>("--from-literal") { Description = "A key=value pair (repeat for more)", Required = true };
        var scope = new Option<string>("--scope")
        {
            Description = "The secret's scope, as Keptn's: keptn-webhook-service for webhooks, keptn-prometheus-service for Prometheus credentials",
            DefaultValueFactory = _ => SecretScopes.Default,
        };
        scope.AcceptOnlyFromAmong([.. SecretScopes.All]);
        var update = new Option<bool>("--update") { Description = "Replace the values of an existing secret" };
        var command = new Command("secret", """
            Create (or with --update replace) a secret; it is sealed at rest and never shown again

            Examples:
              bosun create secret argo --from-literal token=… --scope keptn-webhook-service
              bosun create secret prometheus-credentials-podtato --from-literal PROMETHEUS_URL=http://prometheus:9090 --scope keptn-prometheus-service
            """)
        { name, literal, scope, update, output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var data = CliAction.JsonOf(CliAction.Pairs(result.GetValue(literal), "--from-literal", splitCommas: false));
            var body = new JsonObject { ["name"] = result.GetValue(name), ["scope"] = result.GetValue(scope), ["data"] = data };
            using var client = connection.Client(result);
            var answer = result.GetValue(update)
                ? await client.PutAsync("/api/secrets/v1/secret", body, cancellationToken)
                : await client.PostAsync("/api/secrets/v1/secret", body, cancellationToken);
            Printer.Create(result.GetValue(output)!).Line(answer,
                $"Secret {result.GetValue(name)} {(result.GetValue(update) ? "updated" : "created")} with keys {string.Join(", ", data.Select(p => p.Key))}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
