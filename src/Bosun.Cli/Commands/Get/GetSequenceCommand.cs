using System.CommandLine;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;

namespace Bosun.Cli.Commands.Get;

/// <summary><c>bosun get sequence --project P [--context C] [--name N] [--state S] [--watch]</c>.</summary>
internal static class GetSequenceCommand
{
    public static Command Create()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var project = CommonOptions.Project();
        var context = new Option<string?>("--context", "--keptn-context") { Description = "One context (keptnContext)" };
        var name = new Option<string?>("--name") { Description = "Only sequences of this name" };
        var state = new Option<string?>("--state") { Description = "Only contexts in this state (triggered, started, waiting, waitingForApproval, paused, finished, aborted, timedOut)" };
        var watch = CommonOptions.Watch();
        var command = new Command("sequence", """
            List a project's sequences (newest first) with the state of each stage, or follow one

            Examples:
              bosun get sequence --project podtato
              bosun get sequence --project podtato --state waitingForApproval
              bosun get sequence --project podtato --context 5b8c…  --watch
            """)
        { project, context, name, state, watch, output };
        connection.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetValue(watch) && r.GetValue(context) is null)
            {
                r.AddError("--watch follows one sequence: give --context");
            }
        });
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            using var client = connection.Client(result);
            var projectName = result.GetValue(project)!;
            var printer = Printer.Create(result.GetValue(output)!);
            if (result.GetValue(watch))
            {
                return await SequenceWatch.FollowAsync(client, printer, projectName, result.GetValue(context)!, cancellationToken);
            }
            var query = "pageSize=50" + CliAction.Query(result, (context, "keptnContext"), (name, "name"), (state, "state"));
            var page = await client.GetAsync($"/api/controlPlane/v1/sequence/{Uri.EscapeDataString(projectName)}?{query}", cancellationToken);
            var states = (page["states"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            if (result.GetValue(context) is { } wanted && states.Count == 0)
            {
                throw CliException.NotFound($"no sequence with keptnContext {wanted} in project {projectName}");
            }
            printer.Write(page, () => Printer.Grid(["CONTEXT", "SEQUENCE", "SERVICE", "STATE", "STAGES", "STARTED"], states.Select(s => new[]
            {
                s["shkeptncontext"].Str(), s["name"].Str(), s["service"].Str(), s["state"].Str(),
                string.Join(", ", (s["stages"] as JsonArray ?? []).OfType<JsonObject>().Select(Stage)), s["time"].Str(),
            })));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Stage(JsonObject stage)
    {
        var latest = stage["latestEvent"]?["type"].Str() is { } type && type.StartsWith("sh.keptn.event.", StringComparison.Ordinal)
            ? type["sh.keptn.event.".Length..] : null;
        var evaluation = stage["latestEvaluation"]?["result"].Str() is { } verdict ? $", evaluation {verdict}" : string.Empty;
        return $"{stage["name"].Str()}: {stage["state"].Str()} ({latest}{evaluation})";
    }
}
