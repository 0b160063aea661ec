using System.Text.Json.Nodes;

namespace Bosun.ArgoCdSimulator.Model;

/// <summary>One Argo CD Application as the simulator keeps it (spec/argocd.md A2), plus how it should behave.</summary>
public sealed class SimulatedApp
{
    public required string Name { get; init; }
    public string Namespace { get; init; } = "argocd";
    public string Project { get; set; } = "default";
    public Dictionary<string, string> Labels { get; init; } = [];
    public Dictionary<string, string> Annotations { get; init; } = [];
    public string RepoUrl { get; set; } = "https://git.example.com/app.git";
    public string TargetRevision { get; set; } = "HEAD";
    public string Path { get; set; } = ".";
    public string DestinationNamespace { get; set; } = "default";
    public bool AutoSync { get; set; }

    /// <summary>The revision git's target currently resolves to ("the head").</summary>
    public required string HeadRevision { get; set; }
    public List<string> Images { get; set; } = [];
    public List<string> ExternalUrls { get; set; } = [];

    public string SyncStatus { get; set; } = "Synced";
    public string SyncedRevision { get; set; } = string.Empty;
    public string HealthStatus { get; set; } = "Healthy";
    public string HealthMessage { get; set; } = string.Empty;
    public DateTimeOffset? HealthTransition { get; set; }

    /// <summary>The requested operation while one is requested or running (Argo CD's <c>.operation</c>).</summary>
    public JsonObject? Operation { get; set; }
    public JsonObject? OperationState { get; set; }
    public List<JsonObject> History { get; } = [];
    public long NextHistoryId { get; set; }
    public long ResourceVersion { get; set; } = 1;

    /// <summary>Which operation the running timers belong to.</summary>
    internal long OperationId { get; set; }

    /// <summary>How long an operation stays <c>Running</c>.</summary>
    public TimeSpan SyncDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long health stays <c>Progressing</c> after a successful sync.</summary>
    public TimeSpan HealthDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Revisions whose sync fails, and revisions that end <c>Degraded</c>.</summary>
    public HashSet<string> FailingRevisions { get; init; } = [];
    public HashSet<string> DegradedRevisions { get; init; } = [];
}
