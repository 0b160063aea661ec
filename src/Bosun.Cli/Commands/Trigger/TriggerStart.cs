using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;
using Spectre.Console;

namespace Bosun.Cli.Commands.Trigger;

/// <summary>What every <c>trigger</c> verb does once its event is built: send it, say so, and follow it with <c>--watch</c>.</summary>
internal static class TriggerStart
{
    public static async Task<int> SendAsync(BosunClient client, Printer printer, string type, JsonObject data, bool watch, CancellationToken cancellationToken)
    {
        var project = data["project"]!.GetValue<string>();
        var context = await client.SendEventAsync(type, data, cancellationToken);
        if (watch)
        {
            if (printer.ForPeople)
            {
                printer.Console.WriteLine($"Started {type} (keptnContext {context}); following it:");
            }
            return await SequenceWatch.FollowAsync(client, printer, project, context, cancellationToken);
        }
        printer.Line(new JsonObject { ["keptnContext"] = context },
            $"Started {type}\nkeptnContext: {context}\nFollow it: bosun get sequence --project {project} --context {context} --watch");
        return ExitCodes.Ok;
    }

    /// <summary>The given stage, else the project's first (as the keptn CLI did for deliveries).</summary>
    public static async Task<string> StageAsync(BosunClient client, string project, string? stage, CancellationToken cancellationToken)
    {
        if (stage is not null)
        {
            return stage;
        }
        var stages = await client.GetAsync($"/api/controlPlane/v1/project/{Uri.EscapeDataString(project)}/stage", cancellationToken);
        return (stages["stages"] as JsonArray)?.FirstOrDefault()?["stageName"]?.GetValue<string>()
            ?? throw CliException.NotFound($"project {project} has no stages");
    }
}
