using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;

namespace Bosun.Cli.Commands.Project;

/// <summary>What <c>create project</c> and <c>update project</c> share: both send the shipyard.</summary>
internal static class ProjectWrite
{
    public static Command Command(string name, string description, string example, bool update)
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var project = CommonOptions.Name("name", "The project's name");
        var shipyard = new Option<string>("--shipyard") { Description = "The shipyard file (spec.keptn.sh/0.2.x)", Required = true };
        var command = new Command(name, $"{description}\n\nExample:\n  {example}") { project, shipyard, output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var path = result.GetValue(shipyard)!;
            var yaml = CliAction.ReadFile(path, "shipyard file");
            var body = new JsonObject { ["name"] = result.GetValue(project), ["shipyard"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(yaml)) };
            using var client = connection.Client(result);
            JsonObject answer;
            try
            {
                answer = update
                    ? await client.PutAsync("/api/controlPlane/v1/project", body, cancellationToken)
                    : await client.PostAsync("/api/controlPlane/v1/project", body, cancellationToken);
            }
            catch (CliException e) when (e.ExitCode == ExitCodes.Usage)
            {
                throw CliException.Usage($"{path}: {e.Message}");
            }
            Printer.Create(result.GetValue(output)!).Line(answer, $"Project {result.GetValue(project)} {(update ? "updated" : "created")}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
