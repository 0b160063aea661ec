using System.Globalization;
using System.Text.Json.Nodes;

namespace Bosun.ArgoCdSimulator.Model;

/// <summary>Writes a simulated app in the shape of Argo CD's Application resource (spec/argocd.md A2).</summary>
public static class ApplicationJson
{
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject ToJson(SimulatedApp app)
    {
        var metadata = new JsonObject
        {
            ["name"] = app.Name,
            ["namespace"] = app.Namespace,
            ["resourceVersion"] = app.ResourceVersion.ToString(CultureInfo.InvariantCulture),
            ["labels"] = Map(app.Labels),
            ["annotations"] = Map(app.Annotations),
        };
        var syncPolicy = new JsonObject();
        if (app.AutoSync)
        {
            syncPolicy["automated"] = new JsonObject { ["prune"] = true, ["selfHeal"] = true };
        }
        var status = new JsonObject
        {
            ["sync"] = new JsonObject
            {
                ["status"] = app.SyncStatus,
                ["revision"] = app.SyncStatus == "OutOfSync" ? app.HeadRevision : app.SyncedRevision,
            },
            ["health"] = Health(app),
            ["history"] = new JsonArray(app.History.Select(h => (JsonNode)h.DeepClone()).ToArray()),
            ["summary"] = new JsonObject
            {
                ["images"] = new JsonArray(app.Images.Select(i => (JsonNode)JsonValue.Create(i)!).ToArray()),
                ["externalURLs"] = new JsonArray(app.ExternalUrls.Select(u => (JsonNode)JsonValue.Create(u)!).ToArray()),
            },
        };
        if (app.OperationState is not null)
        {
            status["operationState"] = app.OperationState.DeepClone();
        }
        var json = new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["project"] = app.Project,
                ["source"] = new JsonObject { ["repoURL"] = app.RepoUrl, ["targetRevision"] = app.TargetRevision, ["path"] = app.Path },
                ["destination"] = new JsonObject { ["server"] = "https://kubernetes.default.svc", ["namespace"] = app.DestinationNamespace },
                ["syncPolicy"] = syncPolicy,
            },
            ["status"] = status,
        };
        if (app.Operation is not null)
        {
            json["operation"] = app.Operation.DeepClone();
        }
        return json;
    }

    private static JsonObject Health(SimulatedApp app)
    {
        var health = new JsonObject { ["status"] = app.HealthStatus };
        if (!string.IsNullOrEmpty(app.HealthMessage))
        {
            health["message"] = app.HealthMessage;
        }
        if (app.HealthTransition is { } at)
        {
            health["lastTransitionTime"] = Time(at);
        }
        return health;
    }

    private static JsonObject Map(Dictionary<string, string> values)
    {
        var obj = new JsonObject();
        foreach (var (k, v) in values)
        {
            obj[k] = v;
        }
        return obj;
    }
}
