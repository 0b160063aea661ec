using System.CommandLine;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;

namespace Bosun.Cli.Commands.Get;

/// <summary><c>bosun get project [NAME]</c>: projects with their stages and services.</summary>
internal static class GetProjectCommand
{
    public static Command Create()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var name = CommonOptions.Name("name", "One project (default: all)", optional: true);
        var command = new Command("project", "List projects, or show one\n\nExamples:\n  bosun get project\n  bosun get project podtato -o yaml") { name, output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            using var client = connection.Client(result);
            JsonNode answer;
            List<JsonObject> projects;
            if (result.GetValue(name) is { } one)
            {
                var project = await client.GetAsync($"/api/controlPlane/v1/project/{Uri.EscapeDataString(one)}", cancellationToken);
                (answer, projects) = (project, [project]);
            }
            else
            {
                var page = await client.GetAsync("/api/controlPlane/v1/project?pageSize=100", cancellationToken);
                (answer, projects) = (page, (page["projects"] as JsonArray ?? []).OfType<JsonObject>().ToList());
            }
            Printer.Create(result.GetValue(output)!).Write(answer, () => Printer.Grid(["PROJECT", "SHIPYARD", "STAGES", "SERVICES"], projects.Select(p =>
            {
                var stages = (p["stages"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                var services = stages.SelectMany(s => (s["services"] as JsonArray ?? []).OfType<JsonObject>()).Select(s => s["serviceName"].Str()).Distinct();
                return new[]
                {
                    p["projectName"].Str(), p["shipyardVersion"].Str(),
                    string.Join(" → ", stages.Select(s => s["stageName"].Str())), string.Join(", ", services),
                };
            })));
            return ExitCodes.Ok;
        });
        return command;
    }
}
