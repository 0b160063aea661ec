using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Events;

namespace Bosun.Integrations.ArgoCd;

/// <summary>Typed reads of an Argo CD Application as the API returns it (spec/argocd.md A2); absent fields are null.</summary>
public sealed class ArgoApp(JsonObject json)
{
    public JsonObject Json { get; } = json;

    public string Name => Path("metadata.name") ?? string.Empty;
    public string? Project => Path("spec.project");

    /// <summary>The Kubernetes resource version, for telling a newer read from an older one (0 when absent).</summary>
    public long ResourceVersion => long.TryParse(Path("metadata.resourceVersion"), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;

    public string? Label(string name) => Path($"metadata.labels.{name}");
    public string? Annotation(string name) => (Json["metadata"]?["annotations"] as JsonObject)?.GetString(name);

    /// <summary>Auto-sync is on: <c>spec.syncPolicy.automated</c> is set and not <c>enabled: false</c>.</summary>
    public bool AutoSync => Json["spec"]?["syncPolicy"]?["automated"] is JsonObject automated
        && automated["enabled"]?.GetValueKind() != JsonValueKind.False;

    public string? SyncStatus => Path("status.sync.status");

    /// <summary>The revision the app's target resolves to (what <c>sync.status</c> compares against).</summary>
    public string? SyncRevision => Path("status.sync.revision");
    public string? HealthStatus => Path("status.health.status");
    public string? HealthMessage => Path("status.health.message");

    /// <summary>The requested or running operation, present until the operation finished.</summary>
    public JsonObject? Operation => Json["operation"] as JsonObject;
    public JsonObject? OperationState => Json["status"]?["operationState"] as JsonObject;
    public string? Phase => OperationState?.GetString("phase");
    public string? OperationMessage => OperationState?.GetString("message");
    public string? ResultRevision => OperationState?.GetPath("syncResult.revision");
    public DateTimeOffset? StartedAt => Time(OperationState?.GetString("startedAt"));
    public DateTimeOffset? FinishedAt => Time(OperationState?.GetString("finishedAt"));
    public DateTimeOffset? ReconciledAt => Time(Path("status.reconciledAt"));

    public IReadOnlyList<string> Images => Strings(Json["status"]?["summary"]?["images"]);
    public IReadOnlyList<string> ExternalUrls => Strings(Json["status"]?["summary"]?["externalURLs"]);
    public IEnumerable<JsonObject> History => (Json["status"]?["history"] as JsonArray)?.OfType<JsonObject>() ?? [];

    /// <summary>The value of an <c>info</c> item of an operation (Argo CD's <c>sync.GetInfoItem</c>).</summary>
    public static string? Info(JsonObject? operation, string name) =>
        (operation?["info"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(i => i.GetString("name") == name)?.GetString("value");

    /// <summary>Started by Argo CD's auto-sync rather than by a user or API client.</summary>
    public static bool Automated(JsonObject? operation) => operation?["initiatedBy"]?["automated"]?.GetValueKind() == JsonValueKind.True;

    /// <summary>The revision an operation syncs to.</summary>
    public static string? OperationRevision(JsonObject? operation) => operation?.GetPath("sync.revision");

    public static string Initiator(JsonObject? operation) =>
        Automated(operation) ? "auto-sync" : operation?.GetPath("initiatedBy.username") is { Length: > 0 } user ? user : "someone else";

    private string? Path(string path) => Json.GetPath(path);

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static List<string> Strings(JsonNode? node) =>
        (node as JsonArray)?.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToList() ?? [];
}
