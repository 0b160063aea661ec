using System.CommandLine;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;

namespace Bosun.Cli.Commands.Sequence;

/// <summary><c>bosun sequence pause|resume|abort --project P --context C [--stage S]</c>.</summary>
internal static class SequenceControlCommand
{
    public static Command Create()
    {
        var group = new Command("sequence", "Pause, resume or abort a running sequence\n\nExample:\n  bosun sequence abort --project podtato --context 5b8c…");
        foreach (var (verb, state, done) in new[] { ("pause", "pause", "Paused"), ("resume", "resume", "Resumed"), ("abort", "abort", "Aborted") })
        {
            group.Subcommands.Add(Verb(verb, state, done));
        }
        return group;
    }

    private static Command Verb(string verb, string state, string done)
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var project = CommonOptions.Project();
        var context = new Option<string>("--context", "--keptn-context") { Description = "The sequence's keptnContext", Required = true };
        var stage = CommonOptions.Stage(required: false);
        var command = new Command(verb, $"{char.ToUpperInvariant(verb[0])}{verb[1..]} a sequence (in one stage, or all of its context)\n\nExample:\n  bosun sequence {verb} --project podtato --context 5b8c…")
        { project, context, stage, output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            using var client = connection.Client(result);
            var body = new JsonObject { ["state"] = state };
            if (result.GetValue(stage) is { } stageName)
            {
                body["stage"] = stageName;
            }
            var (projectName, contextId) = (result.GetValue(project)!, result.GetValue(context)!);
            var answer = await client.PostAsync($"/api/controlPlane/v1/sequence/{Uri.EscapeDataString(projectName)}/{Uri.EscapeDataString(contextId)}/control", body, cancellationToken);
            Printer.Create(result.GetValue(output)!).Line(answer, $"{done} {contextId}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
