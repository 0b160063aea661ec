using Bosun.Core.Sequences;
using Bosun.Server.Engine;
using Bosun.Server.Hosting.Telemetry;
using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// Hands committed events to the built-in integrations, in commit order. An integration that keeps its work in the store
/// (<see cref="IWorkIntegration"/>) gets work rows, committed in the same transaction that removes the outbox rows, so the
/// hand-over is exactly once and the work survives a crash; the rows start at once in this process. Other subscribers see
/// each event at least once: their outbox rows are removed only after every one took them, and a crash in between
/// replays the rows (subscribers dedupe by id). On a shared store one replica at a time dispatches: the holder of the
/// <c>outbox</c> lease, whose commits that remove outbox rows are fenced by the lease's epoch.
/// </summary>
internal sealed class OutboxDispatcher(
    IStore store,
    EventPipeline pipeline,
    OutboxSignal signal,
    WorkRunner runner,
    StoreFreshness freshness,
    IEnumerable<IEventSubscriber> subscribers,
    BosunMetrics metrics,
    TimeProvider time,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    private static readonly TimeSpan AckDelay = TimeSpan.FromMilliseconds(200);
    private const int MaxHandoversInFlight = 8;
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var all = subscribers.ToList();
        var workers = runner.Integrations.ToList();
        // Rows handed out but not yet deleted are skipped by position; a restart starts over from the oldest row left.
        long handed = 0;
        var handovers = new Queue<Task<int>>();
        var lease = new LeaseHolder(store, "outbox", runner.Owner, time);
        LeaseFence? held = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                LeaseFence? fence;
                IReadOnlyList<OutboxRow> rows;
                try
                {
                    fence = await lease.HoldAsync(stoppingToken);
                    rows = fence is null ? [] : await ReadAsync(fence);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The store did not answer: the rows wait in it; try again shortly.
                    log.LogWarning(e, "Reading the outbox failed; trying again in {Seconds} s", Retry.TotalSeconds);
                    await Task.Delay(Retry, time, stoppingToken);
                    continue;
                }
                if (fence is null)
                {
                    // Another replica dispatches; wait to take over should it stop renewing.
                    held = null;
                    await signal.WaitAsync(WorkRunner.Lease / 3, stoppingToken);
                    continue;
                }
                if (rows.Count == 0)
                {
                    // Idle: acknowledgements ride along with the next commit; if none comes soon, commit them alone.
                    if (!await signal.WaitAsync(AckDelay, stoppingToken) && pipeline.HasPendingOutboxAck)
                    {
                        try
                        {
                            await pipeline.Submit(_ => true, flush: false);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            // The acknowledgements stay queued in the writer and go with its next commit.
                            log.LogWarning(e, "Committing outbox acknowledgements failed; they go with the next commit");
                            await Task.Delay(Retry, time, stoppingToken);
                        }
                    }
                    continue;
                }
                var work = new List<(WorkRecord Record, OutboxRow Row)>();
                var seen = time.GetUtcNow();
                foreach (var row in rows)
                {
                    var evt = row.Event;
                    // The engine's own events carry their commit's time: from it to here is the hand-over's lag.
                    if (evt.Source == EngineOptions.DefaultSource)
                    {
                        metrics.RecordOutboxLag(seen - evt.Time);
                    }
                    foreach (var subscriber in all)
                    {
                        try
                        {
                            await subscriber.HandleAsync(evt, stoppingToken);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            log.LogError(e, "Subscriber {Subscriber} failed on {Type} {Id} (context {KeptnContext})",
                                subscriber.GetType().Name, evt.Type, evt.Id, evt.KeptnContext);
                        }
                    }
                    foreach (var integration in workers)
                    {
                        IReadOnlyList<string> keys;
                        try
                        {
                            keys = await integration.SelectAsync(evt, stoppingToken);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            log.LogError(e, "{Integration} failed to look at {Type} {Id} (context {KeptnContext})",
                                integration.Name, evt.Type, evt.Id, evt.KeptnContext);
                            continue;
                        }
                        var now = time.GetUtcNow();
                        work.AddRange(keys.Select(key => (new WorkRecord($"{integration.Name}/{row.EventSeq}/{key}", integration.Name, row.EventSeq, key, now, now), row)));
                    }
                }
                var upTo = rows[^1].Seq;
                var seqs = rows.Select(r => r.Seq).ToArray();
                if (work.Count > 0)
                {
                    // A few hand-overs in flight, so reading the next batch never waits for a commit; the writer
                    // commits them in order.
                    if (handovers.Count >= MaxHandoversInFlight && !await HandedOverAsync(handovers.Dequeue()))
                    {
                        // Its rows are still there: hand everything left over again, from the oldest row (at least once).
                        handed = 0;
                        continue;
                    }
                    handovers.Enqueue(pipeline.Submit(ctx =>
                    {
                        var kept = 0;
                        foreach (var (record, _) in work)
                        {
                            kept += ctx.Batch.AddWork(record, runner.Owner, ctx.Now + WorkRunner.Lease) ? 0 : 1;
                        }
                        if (ctx.Batch is ISharedWriteBatch shared)
                        {
                            shared.DeleteOutbox(seqs, fence);
                        }
                        else
                        {
                            ctx.Batch.DeleteOutbox(upTo);
                        }
                        return kept;
                    }, flush: false));
                    // The work starts while its hand-over commits: whatever it writes is queued behind the hand-over, and
                    // should the hand-over fail, its outbox rows stay and are handed over again (at least once).
                    runner.Take([.. work.Select(w => new WorkClaim(w.Record.Id, w.Record.Integration, w.Record.Key, 1, 1, w.Row.Event))]);
                }
                else
                {
                    // Not a commit of its own: the writer deletes acknowledged rows in its next transaction (fenced by
                    // the lease on a shared store), so an acknowledgement never delays the answers about to be written.
                    pipeline.AcknowledgeOutbox(seqs, store is ISharedStore ? fence : null);
                }
                handed = upTo;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException && stoppingToken.IsCancellationRequested)
        {
        }
        while (handovers.TryDequeue(out var handover))
        {
            await HandedOverAsync(handover);
        }
        try
        {
            await lease.ReleaseAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Giving up the outbox lease failed; it runs out by itself");
        }

        async Task<IReadOnlyList<OutboxRow>> ReadAsync(LeaseFence fence)
        {
            if (held != fence)
            {
                // Taken (again): whatever an earlier holder left is handed over from the oldest row.
                held = fence;
                handed = 0;
            }
            await freshness.EnsureCurrentAsync(stoppingToken);
            return await store.ReadOutboxAsync(500, handed, stoppingToken);
        }
    }

    private async Task<bool> HandedOverAsync(Task<int> handover)
    {
        try
        {
            if (await handover is > 0 and var kept)
            {
                // Only a second dispatcher on the same rows gets here; the work ran twice, its answers are stored once.
                log.LogWarning("{Count} work row(s) were already there when handed over", kept);
            }
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Handing work over failed; its outbox rows stay and are handed over again");
            return false;
        }
    }
}
