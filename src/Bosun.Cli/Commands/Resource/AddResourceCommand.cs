using System.CommandLine;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;

namespace Bosun.Cli.Commands.Resource;

/// <summary><c>bosun add-resource --project P [--stage S [--service SVC]] --resource F --resourceUri U</c>, as keptn's.</summary>
internal static class AddResourceCommand
{
    public static Command Create()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var project = CommonOptions.Project();
        var stage = CommonOptions.Stage(required: false);
        var service = CommonOptions.Service(required: false);
        var resource = new Option<string>("--resource") { Description = "The local file to upload", Required = true };
        var uri = new Option<string?>("--resourceUri", "--resource-uri") { Description = "Where it goes, e.g. slo.yaml or webhook/webhook.yaml (default: the file's name)" };
        var command = new Command("add-resource", """
            Upload a file (shipyard-level, stage-level or service-level) to a project's resources

            Examples:
              bosun add-resource --project podtato --stage dev --service helloservice --resource slo.yaml --resourceUri slo.yaml
              bosun add-resource --project podtato --resource webhook.yaml --resourceUri webhook/webhook.yaml
            """)
        { project, stage, service, resource, uri, output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var path = result.GetValue(resource)!;
            var content = CliAction.ReadBytes(path, "--resource");
            var (stageName, serviceName) = (result.GetValue(stage), result.GetValue(service));
            if (serviceName is not null && stageName is null)
            {
                throw CliException.Usage("--service needs --stage (resources of a service live in one stage)");
            }
            var target = result.GetValue(uri) ?? Path.GetFileName(path);
            var level = $"/api/resource-service/v1/project/{Uri.EscapeDataString(result.GetValue(project)!)}"
                + (stageName is null ? string.Empty : $"/stage/{Uri.EscapeDataString(stageName)}")
                + (serviceName is null ? string.Empty : $"/service/{Uri.EscapeDataString(serviceName)}");
            using var client = connection.Client(result);
            JsonObject answer;
            try
            {
                answer = await client.PostAsync(level + "/resource", new JsonObject
                {
                    ["resources"] = new JsonArray(new JsonObject { ["resourceURI"] = target, ["resourceContent"] = Convert.ToBase64String(content) }),
                }, cancellationToken);
            }
            catch (CliException e) when (e.ExitCode == ExitCodes.Usage)
            {
                throw CliException.Usage($"{path}: {e.Message}");
            }
            Printer.Create(result.GetValue(output)!).Line(answer, $"Added {path} as {target} to project {result.GetValue(project)}"
                + (stageName is null ? string.Empty : $", stage {stageName}") + (serviceName is null ? string.Empty : $", service {serviceName}"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
