using System.CommandLine;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;

namespace Bosun.Cli.Commands.Get;

/// <summary><c>bosun get event</c>: stored events (newest first) by project, type, context, stage, service.</summary>
internal static class GetEventCommand
{
    public static Command Create()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var project = CommonOptions.Project();
        var type = new Option<string?>("--type") { Description = "Event type, e.g. sh.keptn.event.evaluation.finished" };
        var context = new Option<string?>("--context", "--keptn-context") { Description = "keptnContext" };
        var stage = CommonOptions.Stage(required: false);
        var service = CommonOptions.Service(required: false);
        var limit = new Option<int>("--limit") { Description = "At most this many (1-100)", DefaultValueFactory = _ => 20 };
        var command = new Command("event", """
            List stored events, newest first (the whole CloudEvent with -o json)

            Examples:
              bosun get event --project podtato --context 5b8c…
              bosun get event --project podtato --type sh.keptn.event.deliver.finished --limit 1 -o json
            """)
        { project, type, context, stage, service, limit, output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            if (result.GetValue(limit) is < 1 or > 100)
            {
                throw CliException.Usage("--limit must be between 1 and 100");
            }
            using var client = connection.Client(result);
            var query = $"project={Uri.EscapeDataString(result.GetValue(project)!)}&pageSize={result.GetValue(limit)}"
                + CliAction.Query(result, (type, "type"), (context, "keptnContext"), (stage, "stage"), (service, "service"));
            var page = await client.GetAsync($"/api/mongodb-datastore/event?{query}", cancellationToken);
            var events = (page["events"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            Printer.Create(result.GetValue(output)!).Write(page, () => Printer.Grid(["TIME", "TYPE", "STAGE", "SERVICE", "RESULT", "SOURCE", "CONTEXT"], events.Select(e => new[]
            {
                e["time"].Str(), e["type"].Str(), e["data"]?["stage"].Str(), e["data"]?["service"].Str(),
                e["data"]?["result"].Str(), e["source"].Str(), e["shkeptncontext"].Str(),
            })));
            return ExitCodes.Ok;
        });
        return command;
    }
}
