using System.Threading.Channels;
using Bosun.Core.Sequences;
using Bosun.Server.Engine;
using Bosun.Server.Hosting;

using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// The single writer. Every input that changes state (an event, a control request, a project change, a due
/// timer) is queued here; the loop drains what is queued, runs each through the engine and commits them in
/// one transaction (group commit), then answers each caller. Timers are the engine's persisted due-times:
/// the loop sleeps until the next one or the next input, whichever comes first.
/// </summary>
internal sealed class EventPipeline(
    IStore store,
    ProjectCatalog catalog,
    TimeProvider time,
    BosunOptions options,
    BosunMetrics metrics,
    OutboxSignal outbox,
    IServiceProvider services,
    ILogger<EventPipeline> log) : BackgroundService
{
    private const int MaxBatch = 256;
    private readonly Channel<IWorkItem> _queue = Channel.CreateUnbounded<IWorkItem>(new UnboundedChannelOptions { SingleReader = true });
    // Resolved when the writer starts, not when it is built: a built-in integration depends on the pipeline itself.
    private bool _outbox;
    private SequenceEngine _engine = null!;
    private long _metricsAt;
    private long _ackRequested;
    private long _ackDone;
    private bool _metricsDirty;

    /// <summary>Outbox rows up to <paramref name="upTo"/> were handed to every subscriber; the next commit deletes them.</summary>
    public void AcknowledgeOutbox(long upTo) => Volatile.Write(ref _ackRequested, upTo);

    public bool HasPendingOutboxAck => Volatile.Read(ref _ackRequested) > Volatile.Read(ref _ackDone);

    /// <summary>Runs <paramref name="work"/> in the writer; the task completes once its transaction committed.</summary>
    public Task<T> Submit<T>(Func<WriteContext, T> work)
    {
        var item = new WorkItem<T>(work);
        if (!_queue.Writer.TryWrite(item))
        {
            throw new InvalidOperationException("the server is stopping");
        }
        return item.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _outbox = services.GetServices<IEventSubscriber>().Any() || services.GetServices<IWorkIntegration>().Any();
        await Task.Yield();
        await ReloadAsync();
        log.LogInformation("Engine resumed {Count} active sequence(s)", _engine.Book.Count);
        var reader = _queue.Reader;
        Task<bool>? waitRead = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var batch = new List<IWorkItem>();
                while (batch.Count < MaxBatch && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }
                if (batch.Count > 0)
                {
                    await RunAsync(batch);
                    continue;
                }
                SnapshotMetrics();
                var now = time.GetUtcNow();
                var due = _engine.NextDue();
                if (due <= now)
                {
                    await RunAsync([new WorkItem<bool>(ctx => { ctx.Apply(ctx.Engine.Tick(ctx.Now)); return true; })]);
                    continue;
                }
                waitRead ??= reader.WaitToReadAsync(stoppingToken).AsTask();
                if (due is { } next)
                {
                    using var cancelDelay = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var delay = Task.Delay(next - now, time, cancelDelay.Token);
                    var first = await Task.WhenAny(waitRead, delay);
                    await cancelDelay.CancelAsync();
                    if (first != waitRead)
                    {
                        continue;
                    }
                }
                if (!await waitRead)
                {
                    break;
                }
                waitRead = null;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        _queue.Writer.TryComplete();
        while (reader.TryRead(out var left))
        {
            left.Fail(new OperationCanceledException("the server is stopping"));
        }
    }

    private async Task RunAsync(IReadOnlyList<IWorkItem> batch)
    {
        WriteContext context;
        long ack;
        try
        {
            using var write = store.BeginWrite();
            context = new WriteContext(write, _engine, catalog, time.GetUtcNow(), _outbox);
            foreach (var item in batch)
            {
                item.Execute(context);
            }
            context.Flush();
            ack = Volatile.Read(ref _ackRequested);
            if (ack > _ackDone)
            {
                write.DeleteOutbox(ack);
            }
            write.Commit();
        }
        catch (Exception e)
        {
            // The engine may hold changes that did not commit: rebuild it from the store, then retry one by one
            // so that only the input that fails gets the error.
            log.LogError(e, "A write of {Count} input(s) failed; reloading state from the store", batch.Count);
            await ReloadAsync();
            if (batch.Count == 1)
            {
                batch[0].Fail(e);
            }
            else
            {
                foreach (var item in batch)
                {
                    await RunAsync([item]);
                }
            }
            return;
        }
        Volatile.Write(ref _ackDone, Math.Max(_ackDone, ack));
        foreach (var item in batch)
        {
            item.Complete();
        }
        metrics.Record(context.Stored, context.TaskDurations, context.Ended);
        PipelineLog.SequencesEnded(log, context.Stored);
        _metricsDirty |= context.ExecutionsChanged;
        if (time.GetTimestamp() - _metricsAt > time.TimestampFrequency)
        {
            SnapshotMetrics();
        }
        if (_outbox && context.Stored.Count > 0)
        {
            outbox.Notify();
        }
    }

    /// <summary>Counts active sequences by state for /metrics, at most once a second under load and whenever idle.</summary>
    private void SnapshotMetrics()
    {
        if (_metricsDirty)
        {
            _metricsDirty = false;
            _metricsAt = time.GetTimestamp();
            metrics.SetActive(_engine.Book.All.GroupBy(e => e.State).ToDictionary(g => g.Key, g => g.Count()));
        }
    }

    private async Task ReloadAsync()
    {
        await catalog.LoadAsync(store);
        var engine = new SequenceEngine(catalog, () => EventIds.New(time.GetUtcNow()), new EngineOptions { TaskStartedWait = options.TaskStartedWait });
        foreach (var execution in await store.LoadActiveExecutionsAsync())
        {
            engine.Book.Add(execution);
        }
        engine.Book.NextOrder = Math.Max(engine.Book.NextOrder, await store.MaxOrderAsync() + 1);
        _engine = engine;
        _metricsDirty = true;
        SnapshotMetrics();
    }

    private interface IWorkItem
    {
        void Execute(WriteContext context);
        void Complete();
        void Fail(Exception error);
    }

    private sealed class WorkItem<T>(Func<WriteContext, T> work) : IWorkItem
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;

        public void Execute(WriteContext context) => _result = work(context);

        public void Complete() => _done.TrySetResult(_result);

        public void Fail(Exception error) => _done.TrySetException(error);
    }
}
