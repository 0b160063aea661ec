using System.CommandLine;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;

namespace Bosun.Cli.Commands.Get;

/// <summary><c>bosun get stage --project P</c>.</summary>
internal static class GetStageCommand
{
    public static Command Create()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var project = CommonOptions.Project();
        var command = new Command("stage", "List the stages of a project\n\nExample:\n  bosun get stage --project podtato") { project, output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            using var client = connection.Client(result);
            var page = await client.GetAsync($"/api/controlPlane/v1/project/{Uri.EscapeDataString(result.GetValue(project)!)}/stage", cancellationToken);
            Printer.Create(result.GetValue(output)!).Write(page, () => Printer.Grid(["STAGE", "PARENT STAGES", "SERVICES"],
                (page["stages"] as JsonArray ?? []).OfType<JsonObject>().Select(s => new[]
                {
                    s["stageName"].Str(),
                    string.Join(", ", (s["parentStages"] as JsonArray ?? []).Select(p => p.Str())),
                    string.Join(", ", (s["services"] as JsonArray ?? []).Select(v => v?["serviceName"].Str())),
                })));
            return ExitCodes.Ok;
        });
        return command;
    }
}
