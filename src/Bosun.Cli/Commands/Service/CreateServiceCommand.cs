using System.CommandLine;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;

namespace Bosun.Cli.Commands.Service;

/// <summary><c>bosun create service NAME --project P</c>: the service in every stage of the project.</summary>
internal static class CreateServiceCommand
{
    public static Command Create()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var service = CommonOptions.Name("name", "The service's name");
        var project = CommonOptions.Project();
        var command = new Command("service", "Create a service in every stage of a project\n\nExample:\n  bosun create service helloservice --project podtato") { service, project, output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            using var client = connection.Client(result);
            var name = result.GetValue(service)!;
            var answer = await client.PostAsync($"/api/controlPlane/v1/project/{Uri.EscapeDataString(result.GetValue(project)!)}/service",
                new JsonObject { ["serviceName"] = name }, cancellationToken);
            Printer.Create(result.GetValue(output)!).Line(answer, $"Service {name} created in project {result.GetValue(project)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
