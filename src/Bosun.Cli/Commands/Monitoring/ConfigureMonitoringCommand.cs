using System.CommandLine;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;

namespace Bosun.Cli.Commands.Monitoring;

/// <summary>
/// <c>bosun configure monitoring prometheus --project P [--service S]</c>: sets the project's SLI provider as
/// <c>keptn configure monitoring</c> did, by sending <c>sh.keptn.event.monitoring.configure</c>.
/// </summary>
internal static class ConfigureMonitoringCommand
{
    public static Command Create()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var provider = CommonOptions.Name("provider", "The SLI provider: prometheus (built in) or the name an outside provider answers to");
        var project = CommonOptions.Project();
        var service = CommonOptions.Service(required: false);
        var monitoring = new Command("monitoring", """
            Set the SLI provider of a project's quality gates

            Examples:
              bosun configure monitoring prometheus --project podtato --service helloservice
              bosun configure monitoring dynatrace --project podtato
            """)
        { provider, project, service, output };
        connection.AddTo(monitoring);
        CliAction.Set(monitoring, async (result, cancellationToken) =>
        {
            var data = new JsonObject { ["project"] = result.GetValue(project), ["type"] = result.GetValue(provider) };
            if (result.GetValue(service) is { } serviceName)
            {
                data["service"] = serviceName;
            }
            using var client = connection.Client(result);
            // Bosun stores the provider only for a project that exists; say so instead of sending the event for nothing.
            await client.GetAsync($"/api/controlPlane/v1/project/{Uri.EscapeDataString(result.GetValue(project)!)}", cancellationToken);
            var context = await client.SendEventAsync("sh.keptn.event.monitoring.configure", data, cancellationToken);
            Printer.Create(result.GetValue(output)!).Line(new JsonObject { ["keptnContext"] = context },
                $"Project {result.GetValue(project)} takes its SLIs from {result.GetValue(provider)}");
            return ExitCodes.Ok;
        });
        return new Command("configure", "Configure a project\n\nExample:\n  bosun configure monitoring prometheus --project podtato") { monitoring };
    }
}
