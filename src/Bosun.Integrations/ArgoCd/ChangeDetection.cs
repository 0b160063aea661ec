using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Integrations.ArgoCd;

/// <summary>
/// Decides from an application's state whether it carries a revision to deliver: an app labelled
/// <c>keptnProject</c>, <c>keptnService</c> and <c>stage</c> (the original integration's labels) that is
/// <c>OutOfSync</c> at a revision, or that an auto-sync operation is deploying (Argo CD may sync such an app before
/// any watcher sees it OutOfSync).
/// </summary>
public static class ChangeDetection
{
    public const string SequenceAnnotation = "bosun.sh/sequence";

    public static DeliveryTrigger? Detect(JsonObject app, string defaultSequence)
    {
        var labels = app["metadata"]?["labels"] as JsonObject;
        var name = Text(app["metadata"]?["name"]);
        var project = Text(labels?["keptnProject"]);
        var service = Text(labels?["keptnService"]);
        var stage = Text(labels?["stage"]);
        if (name is null || project is null || service is null || stage is null)
        {
            return null;
        }
        var status = app["status"];
        string? revision = null;
        if (Text(status?["sync"]?["status"]) == "OutOfSync")
        {
            revision = Text(status?["sync"]?["revision"]);
        }
        else if (app["operation"] is JsonObject operation && operation["initiatedBy"]?["automated"]?.GetValueKind() == JsonValueKind.True)
        {
            revision = Text(operation["sync"]?["revision"]);
        }
        if (revision is null)
        {
            return null;
        }
        var sequence = Text(app["metadata"]?["annotations"]?[SequenceAnnotation]) ?? defaultSequence;
        return new DeliveryTrigger(name, project, stage, service, sequence, revision);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } s ? s : null;
}
