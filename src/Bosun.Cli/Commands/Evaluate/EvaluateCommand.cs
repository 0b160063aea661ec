using System.CommandLine;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;
using Bosun.Core.Evaluation;
using Spectre.Console;

namespace Bosun.Cli.Commands.Evaluate;

/// <summary>
/// <c>bosun evaluate</c>: shows an evaluation (the lighthouse's <c>evaluation.finished</c>) with its explain table: each
/// objective's value, the compared value, the criteria met and violated, and the score.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var project = CommonOptions.Project();
        var context = new Option<string?>("--context", "--keptn-context") { Description = "The evaluation's keptnContext" };
        var stage = CommonOptions.Stage(required: false);
        var service = CommonOptions.Service(required: false);
        var command = new Command("evaluate", """
            Show an evaluation and why it came out as it did (default: the newest of the project, or of the context/stage/service)

            Examples:
              bosun evaluate --project podtato --context 5b8c…
              bosun evaluate --project podtato --stage dev --service helloservice -o json
            """)
        { project, context, stage, service, output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            using var client = connection.Client(result);
            var projectName = result.GetValue(project)!;
            var query = $"project={Uri.EscapeDataString(projectName)}&type=sh.keptn.event.evaluation.finished&source=lighthouse-service&pageSize=1"
                + CliAction.Query(result, (context, "keptnContext"), (stage, "stage"), (service, "service"));
            var page = await client.GetAsync($"/api/mongodb-datastore/event?{query}", cancellationToken);
            var evt = (page["events"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault()
                ?? throw CliException.NotFound($"no finished evaluation found in project {projectName}"
                    + (result.GetValue(context) is { } c ? $" with keptnContext {c}" : string.Empty));
            var data = evt["data"] as JsonObject ?? [];
            var evaluation = data["evaluation"] as JsonObject ?? [];
            Printer.Create(result.GetValue(output)!).Write(evt, () =>
            {
                var rows = new Rows(
                    new Text($"{data["stage"].Str()} / {data["service"].Str()}  keptnContext {evt["shkeptncontext"].Str()}\n"),
                    Printer.Grid(["OBJECTIVE", "VALUE", "COMPARED", "MET", "VIOLATED", "WEIGHT", "SCORE", "STATUS"],
                        EvaluationExplain.Rows(evaluation).Select(r => new[] { r.Objective, r.Value, r.ComparedValue, r.Met, r.Violated, r.Weight, r.Score, r.Status })),
                    new Markup($"Result: [{Colour(data["result"].Str())}]{Markup.Escape(data["result"].Str() ?? "?")}[/], score {Markup.Escape(evaluation["score"].Str() ?? "?")}"
                        + (data["message"].Str() is { Length: > 0 } m ? $"\n{Markup.Escape(m)}" : string.Empty) + "\n"));
                return rows;
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Colour(string? result) => result switch
    {
        "pass" => "green",
        "warning" => "yellow",
        _ => "red",
    };
}
