using System.CommandLine;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;

namespace Bosun.Cli.Commands.Get;

/// <summary><c>bosun get service [NAME] --project P [--stage S]</c>: services per stage with their deployed image.</summary>
internal static class GetServiceCommand
{
    public static Command Create()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var name = CommonOptions.Name("name", "One service (default: all)", optional: true);
        var project = CommonOptions.Project();
        var stage = CommonOptions.Stage(required: false);
        var command = new Command("service", "List the services of a project per stage\n\nExamples:\n  bosun get service --project podtato\n  bosun get service helloservice --project podtato --stage prod -o json")
        { name, project, stage, output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            using var client = connection.Client(result);
            var projectName = result.GetValue(project)!;
            var page = await client.GetAsync($"/api/controlPlane/v1/project/{Uri.EscapeDataString(projectName)}/stage", cancellationToken);
            var stages = (page["stages"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            if (result.GetValue(stage) is { } wanted)
            {
                stages = stages.Where(s => s["stageName"].Str() == wanted).ToList();
                if (stages.Count == 0)
                {
                    throw CliException.NotFound($"stage {wanted} not found in project {projectName}");
                }
            }
            var rows = stages.SelectMany(s => (s["services"] as JsonArray ?? []).OfType<JsonObject>().Select(v => (Stage: s["stageName"].Str(), Service: v)))
                .Where(r => result.GetValue(name) is not { } only || r.Service["serviceName"].Str() == only).ToList();
            if (result.GetValue(name) is { } missing && rows.Count == 0)
            {
                throw CliException.NotFound($"service {missing} not found in project {projectName}");
            }
            var answer = new JsonObject { ["services"] = new JsonArray(rows.Select(r => { var v = (JsonObject)r.Service.DeepClone(); v["stage"] = r.Stage; return (JsonNode)v; }).ToArray()) };
            Printer.Create(result.GetValue(output)!).Write(answer, () => Printer.Grid(["SERVICE", "STAGE", "DEPLOYED IMAGE"],
                rows.Select(r => new[] { r.Service["serviceName"].Str(), r.Stage, r.Service["deployedImage"].Str() })));
            return ExitCodes.Ok;
        });
        return command;
    }
}
