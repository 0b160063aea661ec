using System.CommandLine;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;
using Spectre.Console;

namespace Bosun.Cli.Commands.Approval;

/// <summary>
/// <c>bosun approve</c> and <c>bosun decline</c>: answer an open approval by its triggered id, storing who and why;
/// without an id they list the open approvals.
/// </summary>
internal static class ApprovalAnswer
{
    public static Command Command(string verb, string decision, string example)
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var id = CommonOptions.Name("triggered-id", "The approval.triggered event's id (omit to list open approvals)", optional: true);
        var project = CommonOptions.Project(required: false);
        var stage = CommonOptions.Stage(required: false);
        var service = CommonOptions.Service(required: false);
        var by = new Option<string?>("--by") { Description = "Who answers (default: $USER)" };
        var comment = new Option<string?>("--comment") { Description = "Why" };
        var command = new Command(verb, $"{char.ToUpperInvariant(verb[0])}{verb[1..]} an open approval, or list the open approvals when no id is given\n\nExamples:\n  bosun {verb} --project podtato\n  {example}")
        { id, project, stage, service, by, comment, output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            using var client = connection.Client(result);
            var printer = Printer.Create(result.GetValue(output)!);
            if (result.GetValue(id) is not { } triggeredId)
            {
                var page = await client.GetAsync("/api/bosun/v1/approvals?" + CliAction.Query(result, (project, "project"), (stage, "stage"), (service, "service")).TrimStart('&'), cancellationToken);
                var approvals = (page["approvals"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                if (approvals.Count == 0 && printer.ForPeople)
                {
                    printer.Console.WriteLine("No open approvals.");
                    return ExitCodes.Ok;
                }
                printer.Write(page, () => Printer.Grid(["TRIGGERED ID", "PROJECT", "STAGE", "SERVICE", "RESULT", "VERSION", "WAITING SINCE"], approvals.Select(a => new[]
                {
                    a["triggeredId"].Str(), a["project"].Str(), a["stage"].Str(), a["service"].Str(), a["result"].Str(), a["labels"]?["version"].Str(), a["time"].Str(),
                })));
                if (printer.ForPeople)
                {
                    printer.Console.WriteLine($"Answer one: bosun {verb} <triggered id> --comment \"…\"");
                }
                return ExitCodes.Ok;
            }
            var body = new JsonObject
            {
                ["decision"] = decision,
                ["by"] = result.GetValue(by) ?? Environment.GetEnvironmentVariable("USER") ?? Environment.UserName,
            };
            if (result.GetValue(comment) is { } why)
            {
                body["comment"] = why;
            }
            var answer = await client.PostAsync($"/api/bosun/v1/approvals/{Uri.EscapeDataString(triggeredId)}", body, cancellationToken);
            printer.Line(answer, $"{(decision == "approve" ? "Approved" : "Declined")} {triggeredId} (keptnContext {answer["keptnContext"].Str()})");
            return ExitCodes.Ok;
        });
        return command;
    }
}
