using Bosun.Core.Events;
using Bosun.Integrations.ArgoCd;

namespace Bosun.Server.Workers;

internal sealed partial class ArgoCdDelivery
{
    /// <summary>Drives one delivery to its answer: sync when the app's state calls for it, else wait for the next change.</summary>
    private async Task RunAsync(string name, DeliveryJob job)
    {
        var request = job.Request;
        var progress = job.Progress;
        var cancel = job.Cancellation;
        var backoff = TimeSpan.Zero;
        var retryAt = DateTimeOffset.MinValue;
        cancel.ThrowIfCancellationRequested();
        var app = await ReadAsync(name, request, cancel) ?? feed.Latest(name);
        while (true)
        {
            var now = time.GetUtcNow();
            if (now >= request.Deadline)
            {
                await FinishAsync(job, KeptnResult.Fail, KeptnStatus.Errored,
                    $"{request.Task} of {name} did not finish within {request.Timeout.TotalMinutes:0.##} minutes: {progress.LastReason}", app);
                return;
            }
            var verdict = app is null
                ? DeliveryVerdict.Wait($"Argo CD app {name} could not be read")
                : DeliveryAssessment.Assess(app, request, progress, now);
            progress.LastReason = verdict.Reason;
            switch (verdict.Step)
            {
                case DeliveryStep.Succeeded:
                    await FinishAsync(job, KeptnResult.Pass, KeptnStatus.Succeeded, verdict.Reason, app);
                    return;
                case DeliveryStep.Failed:
                    await FinishAsync(job, KeptnResult.Fail, KeptnStatus.Succeeded, verdict.Reason, app);
                    return;
                case DeliveryStep.Sync when now >= retryAt:
                    try
                    {
                        var answer = await SubmitAsync(job, app!, cancel);
                        progress.Syncs++;
                        progress.SubmittedVersion = answer.ResourceVersion;
                        feed.Update(answer);
                        app = answer;
                        Submitted(log, request.Task, name, request.Revision ?? "its target", request.KeptnContext);
                        continue;
                    }
                    catch (ArgoCdException e) when (e.Kind is ArgoCdErrorKind.OperationInProgress or ArgoCdErrorKind.SyncWindow or ArgoCdErrorKind.Unavailable)
                    {
                        // Argo CD has no queue: wait for the app to change (or a growing pause) and look again.
                        progress.LastReason = $"Argo CD answered {e.Status}: {e.Message}";
                        backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(250) : Min(backoff * 2, MaxBackoff);
                        retryAt = now + backoff;
                    }
                    catch (ArgoCdException e)
                    {
                        await FinishAsync(job, KeptnResult.Fail, KeptnStatus.Errored,
                            $"Argo CD refused the {(job.IsRollback ? "rollback" : "sync")} of {name} ({e.Status}): {e.Message}", app);
                        return;
                    }
                    break;
            }
            var wait = retryAt > now ? Min(PollInterval, retryAt - now) : PollInterval;
            if (progress.DegradedSince is { } since)
            {
                wait = Min(wait, since + request.DegradedGrace - now);
            }
            wait = Min(wait, request.Deadline - now);
            var changed = await WaitForChangeAsync(name, wait, cancel);
            if (!changed && !await IsOpenAsync(request))
            {
                // Closed by someone this process did not hear from (another replica's executor, the engine's timeout).
                return;
            }
            var next = changed ? feed.Latest(name) : await ReadAsync(name, request, cancel);
            if (next is not null && next.ResourceVersion >= progress.SubmittedVersion && (app is null || next.ResourceVersion >= app.ResourceVersion))
            {
                if (next.ResourceVersion != app?.ResourceVersion)
                {
                    // The app moved (e.g. the operation in the way ended): a refused sync may go through now.
                    retryAt = DateTimeOffset.MinValue;
                }
                app = next;
            }
            else if (next is null && changed)
            {
                // Deleted while delivering.
                app = await ReadAsync(name, request, cancel) ?? app;
            }
        }
    }

    private async Task<bool> WaitForChangeAsync(string name, TimeSpan wait, CancellationToken cancel)
    {
        if (wait <= TimeSpan.Zero)
        {
            return false;
        }
        var change = feed.NextChange(name);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var delay = Task.Delay(wait, time, timeout.Token);
        var first = await Task.WhenAny(change, delay);
        await timeout.CancelAsync();
        cancel.ThrowIfCancellationRequested();
        return first == change;
    }

    /// <summary>A fresh read of the app; null (and the reason kept) when Argo CD cannot be reached right now.</summary>
    private async Task<ArgoApp?> ReadAsync(string name, DeliveryRequest request, CancellationToken cancel)
    {
        try
        {
            var app = new ArgoApp(await client.GetAsync(name, request.ArgoProject ?? feed.Latest(name)?.Project, cancel));
            return feed.Update(app) ? app : feed.Latest(name) ?? app;
        }
        catch (ArgoCdException e) when (e.Kind == ArgoCdErrorKind.Unavailable)
        {
            return null;
        }
    }

    private async Task<ArgoApp> SubmitAsync(DeliveryJob job, ArgoApp app, CancellationToken cancel)
    {
        var request = job.Request;
        if (job.IsRollback)
        {
            return new ArgoApp(await client.RollbackAsync(app.Name, job.RollbackId!.Value, request.ArgoProject ?? app.Project, cancel));
        }
        // An auto-sync app refuses a pinned revision other than its target; its target already resolves to the wanted one.
        var revision = app.AutoSync ? null : request.Revision;
        var sync = new ArgoSyncRequest(request.ArgoProject ?? app.Project, revision, Prune: false, [], new Dictionary<string, string>
        {
            ["triggeredid"] = request.TriggeredId,
            ["shkeptncontext"] = request.KeptnContext,
        });
        return new ArgoApp(await client.SyncAsync(app.Name, sync, cancel));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Argo CD {Task}: asked {App} to deploy {Revision} (context {KeptnContext})")]
    private static partial void Submitted(ILogger log, string task, string app, string revision, string keptnContext);
}
