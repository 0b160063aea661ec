using System.CommandLine;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;

namespace Bosun.Cli.Commands.Trigger;

/// <summary><c>bosun trigger delivery</c>: starts a stage's delivery sequence for a new version or image, as keptn's did.</summary>
internal static class TriggerDeliveryCommand
{
    public static Command Create()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var project = CommonOptions.Project();
        var service = CommonOptions.Service();
        var stage = new Option<string?>("--stage") { Description = "The stage (default: the project's first)" };
        var sequence = new Option<string>("--sequence") { Description = "The sequence to start", DefaultValueFactory = _ => "delivery" };
        var version = new Option<string?>("--version") { Description = "The version (labels.version; the revision Argo CD deploys)" };
        var image = new Option<string?>("--image") { Description = "The image (configurationChange.values.image); its tag is the version when --version is absent" };
        var labels = CommonOptions.Labels();
        var watch = CommonOptions.Watch();
        var command = new Command("delivery", """
            Start the delivery sequence of a service with a new version or image

            Examples:
              bosun trigger delivery --project podtato --service helloservice --version r2
              bosun trigger delivery --project podtato --service helloservice --stage dev --image ghcr.io/podtato/hello:0.3.1 --watch
            """)
        { project, service, stage, sequence, version, image, labels, watch, output };
        connection.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetValue(version) is null && r.GetValue(image) is null)
            {
                r.AddError("give --version or --image");
            }
        });
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            using var client = connection.Client(result);
            var name = result.GetValue(project)!;
            var stageName = await TriggerStart.StageAsync(client, name, result.GetValue(stage), cancellationToken);
            var pairs = CliAction.Pairs(result.GetValue(labels), "--labels");
            var imageName = result.GetValue(image);
            var versionName = result.GetValue(version)
                ?? (imageName is not null && imageName.LastIndexOf(':') is var colon and > 0 && !imageName[colon..].Contains('/', StringComparison.Ordinal) ? imageName[(colon + 1)..] : null);
            if (versionName is not null)
            {
                pairs["version"] = versionName;
            }
            var data = new JsonObject
            {
                ["project"] = name,
                ["stage"] = stageName,
                ["service"] = result.GetValue(service),
                ["labels"] = CliAction.JsonOf(pairs),
            };
            if (imageName is not null)
            {
                data["configurationChange"] = new JsonObject { ["values"] = new JsonObject { ["image"] = imageName } };
            }
            return await TriggerStart.SendAsync(client, Printer.Create(result.GetValue(output)!),
                $"sh.keptn.event.{stageName}.{result.GetValue(sequence)}.triggered", data, result.GetValue(watch), cancellationToken);
        });
        return command;
    }
}
