using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Shipyard;

namespace Bosun.Integrations.ArgoCd;

/// <summary>
/// What a <c>deliver.triggered</c>, <c>rollback.triggered</c> or <c>action.triggered</c> (remediation actions
/// <c>rollback</c> and <c>sync</c>) asks of Argo CD. The task's shipyard properties arrive under
/// <c>data.&lt;task&gt;</c>: <c>application</c>, <c>argocdProject</c>, <c>timeout</c>, <c>degradedGrace</c>, and
/// <c>argocd: false</c> to leave the task to another executor.
/// </summary>
public sealed record DeliveryRequest
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan DefaultDegradedGrace = TimeSpan.FromMinutes(1);

    /// <summary>The remediation task whose <c>action.action</c> may name a built-in Argo CD action.</summary>
    public const string ActionTask = "action";

    /// <summary>Remediation actions Bosun performs through Argo CD (issue 6 item 4); any other is left to webhooks or executors.</summary>
    public static readonly IReadOnlyList<string> BuiltInActions = ["rollback", "sync"];

    public required string TriggeredId { get; init; }
    public required string KeptnContext { get; init; }
    public required string Task { get; init; }
    public required string Project { get; init; }
    public required string Stage { get; init; }
    public required string Service { get; init; }
    public required DateTimeOffset TriggeredAt { get; init; }

    /// <summary>The app named by the task property <c>application</c>, else by <c>labels.appname</c>; null: match by labels.</summary>
    public string? Application { get; init; }

    /// <summary>The Argo CD project the app must be in (task property <c>argocdProject</c>), passed as <c>project=</c>.</summary>
    public string? ArgoProject { get; init; }

    /// <summary>The revision to deploy (<c>labels.version</c>); null: whatever the app's target resolves to.</summary>
    public string? Revision { get; init; }
    public TimeSpan Timeout { get; init; } = DefaultTimeout;
    public TimeSpan DegradedGrace { get; init; } = DefaultDegradedGrace;

    /// <summary>False when the task property <c>argocd: false</c> leaves the task to another executor.</summary>
    public bool Native { get; init; } = true;

    public DateTimeOffset Deadline => TriggeredAt + Timeout;

    /// <summary>A <c>rollback</c> task or action: Argo CD's rollback to a history entry instead of a sync.</summary>
    public bool IsRollback { get; init; }

    /// <summary>The remediation action performed (<c>rollback</c> or <c>sync</c>), or null for a deliver/rollback task.</summary>
    public string? Action { get; init; }

    /// <summary>The built-in action an <c>action.triggered</c> asks for, or null (another action, or <c>argocd: false</c>).</summary>
    public static string? BuiltInAction(KeptnEvent triggered)
    {
        var properties = triggered.Data[ActionTask] as JsonObject;
        var action = properties?.GetString("action");
        return action is not null && BuiltInActions.Contains(action) && properties!["argocd"]?.GetValueKind() != JsonValueKind.False
            ? action
            : null;
    }

    /// <summary>Reads the request; a property of the wrong shape is an error naming it.</summary>
    public static DeliveryRequest Parse(KeptnEvent triggered, string task, out string? problem)
    {
        problem = null;
        var data = triggered.Data;
        var properties = data[task] as JsonObject ?? [];
        var request = new DeliveryRequest
        {
            TriggeredId = triggered.Id,
            KeptnContext = triggered.KeptnContext,
            Task = task,
            Project = triggered.Project ?? string.Empty,
            Stage = triggered.Stage ?? string.Empty,
            Service = triggered.Service ?? string.Empty,
            TriggeredAt = triggered.Time,
            Application = NonEmpty(properties.GetString("application")) ?? NonEmpty(data.GetPath("labels.appname")),
            ArgoProject = NonEmpty(properties.GetString("argocdProject")),
            Revision = NonEmpty(data.GetPath("labels.version")),
            Native = properties["argocd"]?.GetValueKind() != JsonValueKind.False,
            IsRollback = task == "rollback",
        };
        if (task == ActionTask)
        {
            // A remediation acts on what runs now: a rollback leaves the deployed revision, a sync re-applies the app's target.
            var action = BuiltInAction(triggered);
            request = request with { Action = action, Native = action is not null, IsRollback = action == "rollback", Revision = null };
        }
        if (Duration(properties, "timeout", task, ref problem) is { } timeout)
        {
            request = request with { Timeout = timeout };
        }
        if (Duration(properties, "degradedGrace", task, ref problem) is { } grace)
        {
            request = request with { DegradedGrace = grace };
        }
        return request;
    }

    private static TimeSpan? Duration(JsonObject properties, string name, string task, ref string? problem)
    {
        if (properties[name] is not { } node)
        {
            return null;
        }
        if (GoDuration.TryParse(node.ToString(), out var value) && value >= TimeSpan.Zero)
        {
            return value;
        }
        problem ??= $"task property {task}.{name} '{node}' is not a duration such as 90s or 10m";
        return null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
