using System.Collections.Concurrent;
using Bosun.Core.Events;
using Bosun.Integrations.ArgoCd;
using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// Native delivery (DESIGN decision 7, issue 3 items 3 and 4): answers <c>deliver.triggered</c>,
/// <c>rollback.triggered</c> and the remediation actions <c>rollback</c>/<c>sync</c> (<c>action.triggered</c>, issue 6
/// item 4) by syncing (or rolling back) the service's Argo CD app and reading the app's own state
/// until the revision is Synced and Healthy. One lane per app, so two deliveries never race for one app's single
/// operation slot. Nothing about a delivery is kept but the open task itself: after a restart the open tasks are
/// picked up again and the app's <c>operationState.operation.info</c> says whether Bosun's sync already ran.
/// </summary>
internal sealed partial class ArgoCdDelivery(
    ArgoCdClient client,
    ArgoCdAppFeed feed,
    EventIngest ingest,
    IStore store,
    WebhookFiles webhookFiles,
    TimeProvider time,
    ILogger<ArgoCdDelivery> log) : ResumingIntegration(store)
{
    public const string Source = "bosun-argocd";
    public const string DeliverTask = "deliver";
    public const string RollbackTask = "rollback";
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, DeliveryJob> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DeliveryJob>> _lanes = new(StringComparer.Ordinal);

    public override Task HandleAsync(KeptnEvent evt, CancellationToken cancellationToken)
    {
        var type = KeptnEventType.Parse(evt.Type);
        if (!type.IsKeptnEvent)
        {
            return Task.CompletedTask;
        }
        if (type.IsTask && type.Kind == EventKind.Triggered && type.Name is DeliverTask or RollbackTask or DeliveryRequest.ActionTask)
        {
            Accept(evt, type.Name);
        }
        else if (type.IsTask && type.Kind == EventKind.Finished && evt.Source != Source && evt.TriggeredId is { } id && _jobs.TryGetValue(id, out var answered))
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

    // Resume: every task still open was triggered before a restart (or its outbox row was already taken).
    protected override IReadOnlyList<string> ResumedTypes { get; } =
        [KeptnEventType.TaskType(DeliverTask, "triggered"), KeptnEventType.TaskType(RollbackTask, "triggered"),
            KeptnEventType.TaskType(DeliveryRequest.ActionTask, "triggered")];

    protected override void Resume(KeptnEvent triggered) => Accept(triggered, KeptnEventType.Parse(triggered.Type).Name);

    private void Accept(KeptnEvent triggered, string task)
    {
        var request = DeliveryRequest.Parse(triggered, task, out var problem);
        if (!request.Native || ShuttingDown)
        {
            return;
        }
        var job = new DeliveryJob(request, Shutdown);
        if (!_jobs.TryAdd(request.TriggeredId, job))
        {
            job.Dispose();
            return;
        }
        _ = Task.Run(() => PrepareAsync(job, problem));
    }

    /// <summary>Answers <c>.started</c>, finds the app, and queues the job in the app's lane.</summary>
    private async Task PrepareAsync(DeliveryJob job, string? problem)
    {
        var request = job.Request;
        try
        {
            if (!await IsOpenAsync(request) || await LeftToWebhookAsync(request))
            {
                Forget(job);
                return;
            }
            await SendAsync(job, "started", KeptnResult.Pass, KeptnStatus.Succeeded, string.Empty, null);
            if (problem is not null)
            {
                await FinishAsync(job, KeptnResult.Fail, KeptnStatus.Errored, problem, null);
                return;
            }
            ArgoApp app;
            try
            {
                app = await ResolveAsync(job, job.Cancellation);
            }
            catch (ArgoCdException e)
            {
                await FinishAsync(job, KeptnResult.Fail, KeptnStatus.Errored, e.Message, null);
                return;
            }
            feed.Update(app);
            Enqueue(app.Name, job);
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
        {
            Forget(job);
        }
        catch (Exception e)
        {
            Crashed(log, e, request.Task, request.TriggeredId);
            Forget(job);
        }
    }

    private void Enqueue(string app, DeliveryJob job)
    {
        lock (_lanes)
        {
            if (_lanes.TryGetValue(app, out var queue))
            {
                queue.Enqueue(job);
                return;
            }
            _lanes[app] = new Queue<DeliveryJob>();
        }
        _ = Task.Run(() => RunLaneAsync(app, job));
    }

    private async Task RunLaneAsync(string app, DeliveryJob first)
    {
        var job = first;
        while (true)
        {
            try
            {
                await RunAsync(app, job);
            }
            catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Crashed(log, e, job.Request.Task, job.Request.TriggeredId);
            }
            Forget(job);
            lock (_lanes)
            {
                if (!_lanes[app].TryDequeue(out job!))
                {
                    _lanes.Remove(app);
                    return;
                }
            }
        }
    }

    private void Forget(DeliveryJob job)
    {
        _jobs.TryRemove(new KeyValuePair<string, DeliveryJob>(job.Request.TriggeredId, job));
        job.Dispose();
    }

    private async Task<bool> IsOpenAsync(DeliveryRequest request) =>
        (await Store.QueryOpenTasksAsync(new OpenTaskQuery(KeptnEventType.TaskType(request.Task, "triggered"), null, null, null, request.TriggeredId, 0, 1))).Items.Count > 0;

    [LoggerMessage(Level = LogLevel.Error, Message = "Argo CD {Task} for triggeredid {TriggeredId} failed unexpectedly")]
    private static partial void Crashed(ILogger log, Exception e, string task, string triggeredId);
}
