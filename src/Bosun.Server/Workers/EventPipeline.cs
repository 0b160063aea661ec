using System.Threading.Channels;
using Bosun.Core.Sequences;
using Bosun.Server.Engine;
using Bosun.Server.Hosting;
using Bosun.Server.Hosting.Telemetry;

using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// The process's writer. Every input that changes state (an event, a control request, a project change, a due
/// timer) is queued here; the loop drains what is queued, runs each through the engine and commits them in
/// one transaction (group commit), then answers each caller. Timers are the engine's persisted due-times:
/// the loop sleeps until the next one or the next input, whichever comes first. On a shared store every replica
/// runs one: each input is decided under its scope's lock from the state the store has (<see cref="ScopeCopies"/>),
/// and the timers come from the store, where any replica finds them (docs/architecture.md).
/// </summary>
internal sealed class EventPipeline(
    IStore store,
    ProjectCatalog catalog,
    TimeProvider time,
    BosunOptions options,
    BosunMetrics metrics,
    OutboxSignal outbox,
    StoredSignal stored,
    IServiceProvider services,
    ILogger<EventPipeline> log) : BackgroundService
{
    private const int MaxBatch = 256;
    // An input whose scope another replica's transaction holds waits for a later batch this many times, then for the lock.
    private const int MaxDeferrals = 3;
    // After a batch whose assumptions did not hold, this many batches ask first (another replica is busy on the same scopes).
    private const int AskingAfterMiss = 8;
    private int _asking;
    private readonly List<IWorkItem> _deferred = [];
    private static readonly TimeSpan SharedPoll = TimeSpan.FromSeconds(1);
    private readonly ISharedStore? _shared = store as ISharedStore;
    private readonly ScopeCopies? _scopes = store is ISharedStore ? new ScopeCopies() : null;
    // On a shared store the writer keeps a catalog of its own, reloaded by version under its own control; the one the
    // API reads is refreshed by StoreFreshness.
    private readonly ProjectCatalog _catalog = store is ISharedStore ? new ProjectCatalog() : catalog;
    private DateTimeOffset? _sharedDue;
    private long _sharedDueAt;
    private readonly Channel<IWorkItem> _queue = Channel.CreateUnbounded<IWorkItem>(new UnboundedChannelOptions { SingleReader = true });
    // Resolved when the writer starts, not when it is built: a built-in integration depends on the pipeline itself.
    private bool _outbox;
    private SequenceEngine _engine = null!;
    private long _metricsAt;
    private readonly Lock _ackLock = new();
    private List<long> _acks = [];
    private LeaseFence? _ackFence;
    private bool _metricsDirty;
    // Inputs written to the queue and not yet taken by the loop (the channel of one reader cannot count them).
    private int _waiting;

    /// <summary>These outbox rows were handed to every subscriber; the next commit deletes them.</summary>
    /// <param name="fence">On a shared store, the dispatcher's lease: the removal happens only while it still holds it.</param>
    public void AcknowledgeOutbox(IReadOnlyList<long> seqs, LeaseFence? fence = null)
    {
        lock (_ackLock)
        {
            _acks.AddRange(seqs);
            _ackFence = fence;
        }
    }

    public bool HasPendingOutboxAck
    {
        get
        {
            lock (_ackLock)
            {
                return _acks.Count > 0;
            }
        }
    }

    /// <summary>DESIGN §8: inputs from clients that may wait for the writer; past it a client is answered 429.</summary>
    public const int DefaultMaxQueuedFromClients = 10_000;

    /// <summary>The bound on client inputs waiting for the writer (<see cref="DefaultMaxQueuedFromClients"/>; a test lowers it).</summary>
    public int MaxQueuedFromClients { get; set; } = DefaultMaxQueuedFromClients;

    /// <summary>Runs <paramref name="work"/> in the writer; the task completes once its transaction committed.</summary>
    /// <param name="scopes">The scopes the work will lock, when known in advance: a shared store's writer locks those of a batch in one sorted statement.</param>
    /// <param name="stores">The event (source, id) the work stores unless it is stored already: a shared store asks for those of a batch at once.</param>
    /// <param name="fromClient">An API client's input: refused with <see cref="ServerBusyException"/> while the writer has <see cref="MaxQueuedFromClients"/> waiting
    /// (Bosun's own inputs, answers of work in hand, are never refused: they hold what they answer).</param>
    /// <param name="flush">False for the writer's own bookkeeping, which a crash makes it redo (IStore.BeginWrite): the
    /// task completes once committed, before it is on disk. A batch is flushed when any of its inputs is.</param>
    public Task<T> Submit<T>(Func<WriteContext, T> work, IReadOnlyList<ScopeKey>? scopes = null, (string Source, string Id)? stores = null, bool fromClient = false, bool flush = true)
    {
        if (fromClient && Volatile.Read(ref _waiting) >= MaxQueuedFromClients)
        {
            throw new ServerBusyException($"{MaxQueuedFromClients} inputs wait for the writer; try again later");
        }
        var item = new WorkItem<T>(work, scopes, stores, partial: false, time.GetTimestamp(), flush);
        Interlocked.Increment(ref _waiting);
        if (!_queue.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _waiting);
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
                var batch = new List<IWorkItem>(_deferred);
                _deferred.Clear();
                if (batch.Count > 0 && !reader.TryPeek(out _))
                {
                    // Only inputs whose scopes were held elsewhere: give the other replica's commit a moment.
                    await Task.Delay(TimeSpan.FromMilliseconds(1), time, stoppingToken);
                }
                while (batch.Count < MaxBatch && reader.TryRead(out var item))
                {
                    Interlocked.Decrement(ref _waiting);
                    batch.Add(item);
                }
                if (batch.Count > 0)
                {
                    await RunAsync(batch);
                    continue;
                }
                SnapshotMetrics();
                var now = time.GetUtcNow();
                DateTimeOffset? due;
                try
                {
                    due = _shared is null ? _engine.NextDue() : await SharedDueAsync(_shared, now, stoppingToken);
                    if (due <= now)
                    {
                        await TickAsync(now, stoppingToken);
                        continue;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The shared store did not answer: its timers wait for it; inputs keep being tried (and answered 503).
                    log.LogWarning(e, "Reading the store's timers failed; trying again in {Seconds} s", SharedPoll.TotalSeconds);
                    _sharedDueAt = time.GetTimestamp();
                    due = now + SharedPoll;
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
        foreach (var left in _deferred)
        {
            left.Fail(new OperationCanceledException("the server is stopping"));
        }
        _deferred.Clear();
        while (reader.TryRead(out var left))
        {
            left.Fail(new OperationCanceledException("the server is stopping"));
        }
    }

    /// <summary>Fires due timers: all of this process's on a store of its own; on a shared store those of the scopes due in the store.</summary>
    private async Task TickAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_shared is null)
        {
            await RunAsync([new WorkItem<bool>(ctx => { ctx.Apply(ctx.Engine.Tick(ctx.Now)); return true; }, null, null, partial: true, time.GetTimestamp(), flush: true)]);
            return;
        }
        var scopes = await _shared.DueScopesAsync(now, MaxBatch, cancellationToken);
        if (scopes.Count > 0)
        {
            // Partial: it fires the timers of the scopes it could lock; the replica holding the others fires theirs.
            await RunAsync([new WorkItem<bool>(ctx => { ctx.Apply(ctx.Engine.Tick(ctx.Now, ctx.Holds)); return true; }, scopes, null, partial: true, time.GetTimestamp(), flush: true)]);
        }
        // Whichever replica fired them, the store now knows the next one.
        _sharedDue = await _shared.NextDueAsync(cancellationToken);
        _sharedDueAt = time.GetTimestamp();
    }

    /// <summary>
    /// The next timer on a shared store: this writer's own commits tell it of theirs at once; those of other replicas are
    /// read from the store at least once a second (the slow fallback, DESIGN §5).
    /// </summary>
    private async Task<DateTimeOffset?> SharedDueAsync(ISharedStore shared, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (time.GetElapsedTime(_sharedDueAt) >= SharedPoll)
        {
            _sharedDue = await shared.NextDueAsync(cancellationToken);
            _sharedDueAt = time.GetTimestamp();
        }
        var poll = now + SharedPoll - time.GetElapsedTime(_sharedDueAt);
        return _sharedDue is { } due && due < poll ? due : poll;
    }

    private async Task RunAsync(IReadOnlyList<IWorkItem> batch, bool assume = true)
    {
        var run = batch;
        WriteContext context;
        List<long> acks;
        LeaseFence? fence;
        lock (_ackLock)
        {
            (acks, _acks, fence) = (_acks, [], _ackFence);
        }
        var began = time.GetTimestamp();
        long committing;
        try
        {
            using var write = store.BeginWrite(flush: batch.Any(i => i.Flush));
            if (_scopes is not null)
            {
                // The scope locks, the question which events are stored already and the store's versions: one round trip.
                var shared = (ISharedWriteBatch)write;
                // Usually nothing is asked: the batch assumes its copies are current and its commit checks that they were (one
                // round trip). After a miss, and for inputs that waited for a scope, it asks first; then scopes another
                // replica's transaction holds are not waited for (that would stall the whole batch behind its commit): their
                // inputs go to the next batch, and after a few tries wait for the lock.
                var held = _scopes.Begin(shared, _engine, batch.SelectMany(i => i.Scopes ?? []), [.. batch.Where(i => i.Stores is not null).Select(i => i.Stores!.Value)],
                    skipLocked: batch.All(i => i.Deferrals < MaxDeferrals), assume: assume && _asking == 0 && batch.All(i => i.Deferrals == 0));
                if (assume)
                {
                    // The miss's own second try is not one of the batches that ask after it.
                    _asking = Math.Max(0, _asking - 1);
                }
                if (held.Count > 0)
                {
                    var later = batch.Where(i => !i.Partial && i.Scopes is { } scopes && scopes.Any(held.Contains)).ToList();
                    foreach (var item in later)
                    {
                        item.Deferrals++;
                    }
                    _deferred.AddRange(later);
                    run = [.. batch.Except(later)];
                }
                await _catalog.EnsureCurrentAsync(store, shared.Versions().Catalog);
            }
            context = new WriteContext(write, _engine, _catalog, time.GetUtcNow(), _outbox, _scopes);
            foreach (var item in run)
            {
                item.Execute(context);
            }
            context.Flush();
            if (acks.Count > 0)
            {
                if (write is ISharedWriteBatch shared && fence is not null)
                {
                    shared.DeleteOutbox(acks, fence);
                }
                else
                {
                    write.DeleteOutbox(acks.Max());
                }
            }
            committing = time.GetTimestamp();
            write.Commit();
            _scopes?.Committed();
        }
        catch (StaleAssumptionException e) when (assume && _scopes is { Assumed: true })
        {
            // Nothing committed: the copies it assumed are forgotten and the same inputs are decided again, asking first.
            PipelineLog.AssumptionMissed(log, run.Count, e.Message);
            lock (_ackLock)
            {
                _acks.InsertRange(0, acks);
            }
            _scopes.Failed();
            _catalog.Invalidate();
            _asking = AskingAfterMiss;
            await RunAsync(batch, assume: false);
            return;
        }
        catch (Exception e)
        {
            // The engine may hold changes that did not commit: rebuild it from the store (on a shared store: forget the
            // copies this transaction held), then retry one by one so that only the input that fails gets the error.
            log.LogError(e, "A write of {Count} input(s) failed; reloading state from the store", run.Count);
            lock (_ackLock)
            {
                _acks.InsertRange(0, acks);
            }
            if (_scopes is null)
            {
                await ReloadAsync();
            }
            else
            {
                _scopes.Failed();
                _catalog.Invalidate();
            }
            if (run.Count == 1)
            {
                run[0].Fail(e);
            }
            else
            {
                foreach (var item in run)
                {
                    await RunAsync([item]);
                }
            }
            return;
        }
        var committed = time.GetTimestamp();
        foreach (var item in run)
        {
            item.Complete();
        }
        metrics.RecordBatch(run.Select(i => time.GetElapsedTime(i.QueuedAt, began)), time.GetElapsedTime(began, committing), time.GetElapsedTime(committing, committed));
        metrics.Record(context.Facts);
        SequenceSpans.Record(context.Facts);
        PipelineLog.SequencesEnded(log, context.Stored);
        _metricsDirty |= context.ExecutionsChanged;
        if (time.GetTimestamp() - _metricsAt > time.TimestampFrequency)
        {
            SnapshotMetrics();
        }
        if (context.Stored.Count > 0)
        {
            stored.Notify();
            if (_outbox)
            {
                outbox.Notify();
            }
        }
        if (context.NextDue is { } due && (_sharedDue is null || due < _sharedDue))
        {
            _sharedDue = due;
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
        var engine = new SequenceEngine(_catalog, () => EventIds.New(time.GetUtcNow()), new EngineOptions
        {
            TaskStartedWait = options.TaskStartedWait,
            QueueLimit = options.QueueLimit > 0 ? options.QueueLimit : null,
        });
        // On a shared store the scopes are loaded as they are locked; the store's timers are read by the loop.
        foreach (var execution in _shared is null ? await store.LoadActiveExecutionsAsync() : [])
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
        IReadOnlyList<ScopeKey>? Scopes { get; }
        (string Source, string Id)? Stores { get; }
        /// <summary>Runs with whichever of its scopes could be locked (a timer tick) instead of waiting for the rest.</summary>
        bool Partial { get; }
        /// <summary>When it was submitted (a <see cref="TimeProvider"/> timestamp).</summary>
        long QueuedAt { get; }
        /// <summary>Whether its commit must be on disk before it is answered (<see cref="Submit{T}"/>).</summary>
        bool Flush { get; }
        int Deferrals { get; set; }
        void Execute(WriteContext context);
        void Complete();
        void Fail(Exception error);
    }

    private sealed class WorkItem<T>(Func<WriteContext, T> work, IReadOnlyList<ScopeKey>? scopes, (string Source, string Id)? stores, bool partial, long queuedAt, bool flush) : IWorkItem
    {
        public bool Partial => partial;

        public bool Flush => flush;

        public long QueuedAt => queuedAt;

        public int Deferrals { get; set; }

        public IReadOnlyList<ScopeKey>? Scopes => scopes;

        public (string Source, string Id)? Stores => stores;

        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;

        public void Execute(WriteContext context) => _result = work(context);

        public void Complete() => _done.TrySetResult(_result);

        public void Fail(Exception error) => _done.TrySetException(error);
    }
}
