using System.Collections.Concurrent;
using Bosun.Core.Events;
using Bosun.Integrations.ArgoCd;
using Bosun.Server.Hosting.Telemetry;
using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// Native delivery (DESIGN decision 7): answers <c>deliver.triggered</c>, <c>rollback.triggered</c> and the remediation
/// actions <c>rollback</c>/<c>sync</c> (<c>action.triggered</c>) by syncing (or rolling back) the service's Argo CD app and
/// reading the app's own state until the revision is Synced and Healthy. Each such task is a work row
/// (docs/architecture.md, "Claims, not memory"), held while the delivery runs and ended in the commit of its
/// <c>.finished</c>; after a crash it is claimed again, here or by another replica, and the app's
/// <c>operationState.operation.info</c> says whether Bosun's sync already ran, so a sync is never submitted twice. One
/// lane per app in a process, so two deliveries never race for one app's single operation slot (Argo CD's own refusal
/// covers two processes).
/// </summary>
internal sealed partial class ArgoCdDelivery(
    ArgoCdClient client,
    ArgoCdAppFeed feed,
    EventIngest ingest,
    IStore store,
    WebhookFiles webhookFiles,
    BosunMetrics metrics,
    TimeProvider time,
    ILogger<ArgoCdDelivery> log) : IWorkIntegration, IEventSubscriber
{
    public const string Source = "bosun-argocd";
    public const string DeliverTask = "deliver";
    public const string RollbackTask = "rollback";
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, DeliveryJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _lanes = new(StringComparer.Ordinal);

    private IStore Store { get; } = store;

    public string Name => Source;


    public IReadOnlyList<string> Subscriptions => ["sh.keptn.event.deliver.triggered", "sh.keptn.event.rollback.triggered", "sh.keptn.event.action.triggered (actions rollback and sync)"];

    /// <summary>A delivery goes on in Argo CD without Bosun; on stop its row is given back for the next holder to follow.</summary>
    public bool GivesBackOnStop => true;

    public Task<IReadOnlyList<string>> SelectAsync(KeptnEvent evt, CancellationToken cancellationToken)
    {
        var type = KeptnEventType.Parse(evt.Type);
        var taken = type.IsTask && type.Kind == EventKind.Triggered && type.Name is DeliverTask or RollbackTask or DeliveryRequest.ActionTask
            && DeliveryRequest.Parse(evt, type.Name, out _).Native;
        return Task.FromResult<IReadOnlyList<string>>(taken ? [type.Name] : []);
    }

    /// <summary>Closes that this process sees at once (elsewhere a delivery notices its task closed at its next look).</summary>
    public Task HandleAsync(KeptnEvent evt, CancellationToken cancellationToken)
    {
        var type = KeptnEventType.Parse(evt.Type);
        if (type.IsTask && type.Kind == EventKind.Finished && evt.Source != Source && evt.TriggeredId is { } id && _jobs.TryGetValue(id, out var answered))
        {
            // Another executor closed the task (or the engine timed it out): stop waiting on its behalf.
            answered.Cancel();
        }
        else if (type.IsSequence && type.Kind == EventKind.Finished)
        {
            foreach (var job in _jobs.Values.Where(j => j.Request.KeptnContext == evt.KeptnContext && j.Request.Stage == type.Stage))
            {
                job.Cancel();
            }
        }
        return Task.CompletedTask;
    }

    public async Task<WorkResult> RunAsync(WorkClaim claim, WorkEnd end, CancellationToken cancellationToken)
    {
        var request = DeliveryRequest.Parse(claim.Event, KeptnEventType.Parse(claim.Event.Type).Name, out var problem);
        if (!request.Native)
        {
            return WorkResult.Done;
        }
        using var job = new DeliveryJob(request, claim.Event, end, cancellationToken);
        if (!_jobs.TryAdd(request.TriggeredId, job))
        {
            // This process runs it already (a claim taken again while its first run was still going).
            return WorkResult.Done;
        }
        try
        {
            if (await PrepareAsync(job, problem) is { } app)
            {
                var lane = _lanes.GetOrAdd(app.Name, _ => new SemaphoreSlim(1, 1));
                await lane.WaitAsync(job.Cancellation);
                try
                {
                    await RunAsync(app.Name, job);
                }
                finally
                {
                    lane.Release();
                }
            }
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Closed by someone else: nothing is left to answer.
        }
        finally
        {
            _jobs.TryRemove(new KeyValuePair<string, DeliveryJob>(request.TriggeredId, job));
        }
        return job.Answered ? WorkResult.Answered : WorkResult.Done;
    }

    /// <summary>Answers <c>.started</c> and finds the app; null when the delivery ended here (or is not Bosun's).</summary>
    private async Task<ArgoApp?> PrepareAsync(DeliveryJob job, string? problem)
    {
        var request = job.Request;
        if (!await IsOpenAsync(request) || await LeftToWebhookAsync(request))
        {
            return null;
        }
        await SendAsync(job, "started", KeptnResult.Pass, KeptnStatus.Succeeded, string.Empty, null);
        if (problem is not null)
        {
            await FinishAsync(job, KeptnResult.Fail, KeptnStatus.Errored, problem, null);
            return null;
        }
        try
        {
            var app = await ResolveAsync(job, job.Cancellation);
            feed.Update(app);
            return app;
        }
        catch (ArgoCdException e)
        {
            await FinishAsync(job, KeptnResult.Fail, KeptnStatus.Errored, e.Message, null);
            return null;
        }
    }

    private async Task<bool> IsOpenAsync(DeliveryRequest request) =>
        (await Store.QueryOpenTasksAsync(new OpenTaskQuery(KeptnEventType.TaskType(request.Task, "triggered"), null, null, null, request.TriggeredId, 0, 1))).Items.Count > 0;
}
