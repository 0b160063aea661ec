using System.Text.Json.Nodes;

namespace Bosun.Integrations.ArgoCd;

/// <summary>
/// Reads an application's state against one delivery (issue 3 item 3, spec/argocd.md A1 "Sync semantics"): an
/// operation still set means wait (Bosun's own, an auto-sync one it adopts, or a foreign one it must not
/// disturb); a finished operation answers the delivery when it carries the delivery's <c>triggeredid</c> in its
/// <c>info</c>, or deployed the wanted revision. Done needs phase <c>Succeeded</c>, the result at the wanted
/// revision, sync <c>Synced</c> and health <c>Healthy</c>, all read after the operation ended.
/// </summary>
public static class DeliveryAssessment
{
    /// <summary>Syncs one delivery may request (the first, plus re-syncs after a wrong revision or a lost operation).</summary>
    public const int MaxSyncs = 3;

    /// <param name="app">A read no older than the answer to Bosun's last sync (<see cref="DeliveryProgress.SubmittedVersion"/>).</param>
    public static DeliveryVerdict Assess(ArgoApp app, DeliveryRequest request, DeliveryProgress progress, DateTimeOffset now)
    {
        var wanted = request.Revision;
        var wantedText = wanted ?? "its target revision";
        bool Ours(JsonObject? operation) => ArgoApp.Info(operation, "triggeredid") == request.TriggeredId;

        if (app.Operation is { } running)
        {
            var revision = ArgoApp.OperationRevision(running) ?? "its target";
            if (Ours(running))
            {
                return DeliveryVerdict.Wait($"Bosun's sync of {app.Name} to {revision} is running");
            }
            if (ArgoApp.Automated(running) && (wanted is null || ArgoApp.OperationRevision(running) == wanted))
            {
                return DeliveryVerdict.Wait($"auto-sync is deploying {revision} to {app.Name}");
            }
            return DeliveryVerdict.Wait($"an operation started by {ArgoApp.Initiator(running)} (revision {revision}) is running on {app.Name}");
        }
        if (app.Phase is "Running" or "Terminating")
        {
            return DeliveryVerdict.Wait($"the operation on {app.Name} is {app.Phase}");
        }

        var last = app.OperationState?["operation"] as JsonObject;
        var ours = app.OperationState is not null && Ours(last);
        var lastRevision = app.ResultRevision ?? ArgoApp.OperationRevision(last);
        var atWanted = wanted is not null && lastRevision == wanted;
        // A rollback carries no infos: after Bosun submitted it (reads are never older), an operation at the revision is it.
        var answers = ours || (atWanted && (app.Phase == "Succeeded" || ArgoApp.Automated(last) || progress.Syncs > 0));
        if (!answers)
        {
            if (app.AutoSync && !request.IsRollback && wanted is not null && app.SyncRevision != wanted)
            {
                return DeliveryVerdict.Wait($"{app.Name} syncs automatically and its target is at {app.SyncRevision ?? "an unknown revision"}, not {wanted}");
            }
            return Resync(progress, progress.Syncs == 0
                ? $"syncing {app.Name} to {wantedText}"
                : $"the sync Bosun requested on {app.Name} was replaced by an operation of {ArgoApp.Initiator(last)}; syncing again");
        }
        if (app.Phase is "Failed" or "Error")
        {
            return new(DeliveryStep.Failed, $"the sync of {app.Name} to {lastRevision ?? wantedText} ended {app.Phase}: {app.OperationMessage}");
        }
        if (app.Phase != "Succeeded")
        {
            return DeliveryVerdict.Wait($"the operation on {app.Name} is {app.Phase ?? "not started"}");
        }
        // Bosun's own sync asked for the wanted revision: a tag or branch comes back as the commit it resolved to.
        if (wanted is not null && app.ResultRevision is { } got && got != wanted && !(ours && ArgoApp.OperationRevision(last) == wanted))
        {
            return Resync(progress, $"the sync of {app.Name} finished at revision {got}, not {wanted}; syncing again");
        }
        if (app.ReconciledAt is { } reconciled && app.FinishedAt is { } finished && reconciled < finished)
        {
            return DeliveryVerdict.Wait($"Argo CD has not compared {app.Name} since the sync finished");
        }
        // Argo CD compares with the newest commit of the target: once a newer one lands, OutOfSync says nothing about ours.
        var synced = app.SyncStatus == "Synced"
            || (wanted is not null && app.SyncStatus == "OutOfSync" && app.SyncRevision is { } head && head != wanted);
        if (app.HealthStatus == "Degraded")
        {
            progress.DegradedSince ??= now;
            return now - progress.DegradedSince >= request.DegradedGrace
                ? new(DeliveryStep.Failed, $"{app.Name} is Degraded at {lastRevision ?? wantedText}: {app.HealthMessage}")
                : DeliveryVerdict.Wait($"{app.Name} is Degraded at {lastRevision ?? wantedText} ({app.HealthMessage}); waiting {request.DegradedGrace.TotalSeconds:0}s for it to recover");
        }
        progress.DegradedSince = null;
        return synced && app.HealthStatus == "Healthy"
            ? new(DeliveryStep.Succeeded, $"{app.Name} is Synced and Healthy at {lastRevision ?? wantedText}")
            : DeliveryVerdict.Wait($"{app.Name} is {app.SyncStatus ?? "Unknown"} and {app.HealthStatus ?? "Unknown"} after the sync to {lastRevision ?? wantedText}");
    }

    private static DeliveryVerdict Resync(DeliveryProgress progress, string reason) => progress.Syncs >= MaxSyncs
        ? new(DeliveryStep.Failed, $"{reason} — gave up after {MaxSyncs} syncs")
        : new(DeliveryStep.Sync, reason);
}
