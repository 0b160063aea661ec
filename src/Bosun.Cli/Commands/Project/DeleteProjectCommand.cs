using System.CommandLine;
using Bosun.Cli.Client;
using Bosun.Cli.Output;

namespace Bosun.Cli.Commands.Project;

/// <summary><c>bosun delete project NAME</c>.</summary>
internal static class DeleteProjectCommand
{
    public static Command Create()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var project = CommonOptions.Name("name", "The project's name");
        var command = new Command("project", "Delete a project with its services, resources and events\n\nExample:\n  bosun delete project podtato") { project, output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            using var client = connection.Client(result);
            var name = result.GetValue(project)!;
            var answer = await client.DeleteAsync($"/api/controlPlane/v1/project/{Uri.EscapeDataString(name)}", cancellationToken);
            Printer.Create(result.GetValue(output)!).Line(answer, $"Project {name} deleted");
            return ExitCodes.Ok;
        });
        return command;
    }
}
