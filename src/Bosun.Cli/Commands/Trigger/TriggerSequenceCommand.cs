using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;

namespace Bosun.Cli.Commands.Trigger;

/// <summary><c>bosun trigger sequence NAME</c>: starts any sequence of the shipyard, as <c>keptn trigger sequence</c>.</summary>
internal static class TriggerSequenceCommand
{
    public static Command Create()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var sequence = CommonOptions.Name("sequence", "The sequence's name in the shipyard");
        var project = CommonOptions.Project();
        var stage = CommonOptions.Stage();
        var service = CommonOptions.Service();
        var labels = CommonOptions.Labels();
        var data = new Option<string?>("--data") { Description = "More event data as a JSON object (merged under data)" };
        var watch = CommonOptions.Watch();
        var command = new Command("sequence", """
            Start a sequence of the shipyard for a service

            Examples:
              bosun trigger sequence remediation --project podtato --stage production --service helloservice \
                --data '{"problem":{"problemTitle":"Response time degradation","rootCause":"HighLatency"}}'
              bosun trigger sequence delivery --project podtato --stage dev --service helloservice --labels version=r3 --watch
            """)
        { sequence, project, stage, service, labels, data, watch, output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var body = new JsonObject();
            if (result.GetValue(data) is { } text)
            {
                try
                {
                    body = JsonNode.Parse(text) as JsonObject ?? throw CliException.Usage("--data must be a JSON object");
                }
                catch (JsonException e)
                {
                    throw CliException.Usage($"--data is not valid JSON: {e.Message}");
                }
            }
            var (name, stageName) = (result.GetValue(project)!, result.GetValue(stage)!);
            body["project"] = name;
            body["stage"] = stageName;
            body["service"] = result.GetValue(service);
            var pairs = CliAction.Pairs(result.GetValue(labels), "--labels");
            if (pairs.Count > 0)
            {
                body["labels"] = CliAction.JsonOf(pairs);
            }
            using var client = connection.Client(result);
            return await TriggerStart.SendAsync(client, Printer.Create(result.GetValue(output)!),
                $"sh.keptn.event.{stageName}.{result.GetValue(sequence)}.triggered", body, result.GetValue(watch), cancellationToken);
        });
        return command;
    }
}
