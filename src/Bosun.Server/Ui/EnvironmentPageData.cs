using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Bosun.Core.Shipyard;
using Bosun.Integrations.ArgoCd;
using Bosun.Storage;

namespace Bosun.Server.Ui;

/// <summary>
/// Builds a project's environment from three queries for the whole project (each stage and service's newest
/// execution, and what it runs now: <see cref="DeployedAsync"/>), never one per service: the Bridge's per-service fan-out timed out on large projects.
/// </summary>
internal static class EnvironmentPageData
{
    public const int PageSize = 50;
    private const string RemediationSequence = "remediation";

    /// <summary>
    /// With native delivery on, each cell also shows its Argo CD app as the watch's feed holds it (memory every replica
    /// keeps, no call to Argo CD per page).
    /// </summary>
    public static async Task<EnvironmentView> BuildAsync(IStore store, string project, ShipyardSpec shipyard, string filter, bool problemsOnly, int offset,
        IReadOnlyList<ArgoApp>? apps = null, Uri? argoCd = null)
    {
        var appNamed = (apps ?? []).GroupBy(a => a.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var appLabelled = (apps ?? []).Where(a => a.Label("keptnProject") == project && a.Label("keptnService") is not null && a.Label("stage") is not null)
            .GroupBy(a => (a.Label("stage")!, a.Label("keptnService")!)).ToDictionary(g => g.Key, g => g.OrderBy(a => a.Name, StringComparer.Ordinal).First());
        var latest = Newest(await store.LatestSequencesAsync(project));
        var deployed = await DeployedAsync(store, project);
        var stages = shipyard.Stages.Select(s => new StageColumn(s.Name,
            [.. s.Sequences.SelectMany(q => q.TriggeredOn.Select(t => $"{q.Name} after {t.Event.Replace(".finished", "", StringComparison.Ordinal)}")).Distinct(StringComparer.Ordinal)])).ToList();
        var rows = (await store.ListServicesAsync(project)).Select(s => s.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(name => filter.Length == 0 || name.Contains(filter, StringComparison.OrdinalIgnoreCase))
            .Select(name => new ServiceRow(name, [.. stages.Select(stage =>
            {
                var (now, runs) = (latest.GetValueOrDefault((stage.Name, name)), deployed.GetValueOrDefault((stage.Name, name)));
                // The app its deliveries synced (the deliver task's argocd.application), else the one labelled for it.
                var app = (AppName(now) ?? AppName(runs)) is { } named && appNamed.TryGetValue(named, out var found) ? found
                    : appLabelled.GetValueOrDefault((stage.Name, name));
                return Cell(stage.Name, now, runs?.Version ?? (runs is null ? null : "(no version label)")) with { App = app is null ? null : AppCell(app, argoCd) };
            })]))
            .Where(row => !problemsOnly || row.HasProblem || row.Cells.Any(c => c.WaitingForApproval))
            .ToList();
        return new EnvironmentView(project, stages, [.. rows.Skip(offset).Take(PageSize)], rows.Count, offset, PageSize, filter, problemsOnly);
    }

    /// <summary>
    /// The version each stage and service runs now: of its newest execution whose delivery passed, found among each
    /// scope's newest finished execution and its newest that passed or warned (two queries for the whole project;
    /// a delivery that passed in a sequence failing later is only seen while it is the newest finished one).
    /// </summary>
    public static async Task<Dictionary<(string Stage, string Service), SequenceExecution>> DeployedAsync(IStore store, string project)
    {
        var finished = await store.LatestSequencesAsync(project, SequenceState.Finished.ToWire());
        var passed = await store.LatestSequencesAsync(project, SequenceState.Finished.ToWire(), [KeptnResult.Pass, KeptnResult.Warning]);
        return Newest(finished.Concat(passed).Where(Delivered));
    }

    /// <summary>The Argo CD app an execution's native delivery synced, as its <c>deliver.finished</c> said.</summary>
    private static string? AppName(SequenceExecution? execution) =>
        execution?.Completed.LastOrDefault(t => DeliveryFacts.DeliveryTasks.Contains(t.Name))?.Properties["argocd"]?["application"] is System.Text.Json.Nodes.JsonValue v
        && v.TryGetValue<string>(out var name) ? name : null;

    private static Dictionary<(string Stage, string Service), SequenceExecution> Newest(IEnumerable<SequenceExecution> executions)
    {
        var map = new Dictionary<(string, string), SequenceExecution>();
        foreach (var execution in executions)
        {
            if (!map.TryGetValue((execution.Stage, execution.Service), out var known) || known.Order < execution.Order)
            {
                map[(execution.Stage, execution.Service)] = execution;
            }
        }
        return map;
    }

    /// <summary>Whether a finished execution deployed its version: a delivery task of it passed (or warned).</summary>
    public static bool Delivered(SequenceExecution execution) =>
        execution.State == SequenceState.Finished && DeliveryFacts.Of(execution).DeliveredAt is not null;

    private static ServiceCell Cell(string stage, SequenceExecution? latest, string? deployed)
    {
        var evaluation = latest?.Completed.LastOrDefault(t => t.Name == "evaluation");
        double? score = evaluation?.Properties["evaluation"]?["score"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<double>(out var s) ? s : null;
        var problem = latest is not null && (latest.State is SequenceState.Aborted or SequenceState.TimedOut
            || (latest.State == SequenceState.Finished && latest.Completed.Any(t => t.Result == KeptnResult.Fail)));
        return new ServiceCell(stage, deployed,
            latest is null ? null : new SequenceSummary(latest.KeptnContext, latest.Sequence, latest.Service, latest.State.ToWire(), latest.TriggeredAt),
            latest?.InputData.GetPath("labels.version"), evaluation?.Result, score, latest?.State == SequenceState.WaitingForApproval, problem,
            latest is { Sequence: RemediationSequence, IsActive: true });
    }

    private static ArgoAppCell AppCell(ArgoApp app, Uri? argoCd) =>
        new(app.Name, app.SyncStatus, app.HealthStatus, app.SyncRevision,
            argoCd is null ? "" : new Uri(argoCd, "applications/" + Uri.EscapeDataString(app.Name)).ToString());
}
