using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Bosun.Server.Engine;
using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>What one unit of work sees inside the writer's transaction.</summary>
internal sealed class WriteContext(IWriteBatch batch, SequenceEngine engine, ProjectCatalog catalog, DateTimeOffset now, bool outbox)
{
    public IWriteBatch Batch { get; } = batch;
    public SequenceEngine Engine { get; } = engine;
    public ProjectCatalog Catalog { get; } = catalog;
    public DateTimeOffset Now { get; } = now;

    /// <summary>Events stored in this transaction, for metrics and the outbox dispatcher once it commits.</summary>
    public List<KeptnEvent> Stored { get; } = [];

    /// <summary>Task durations of tasks completed in this transaction.</summary>
    public List<TimeSpan> TaskDurations { get; } = [];

    /// <summary>End states of executions that ended in this transaction.</summary>
    public List<SequenceState> Ended { get; } = [];

    public bool ExecutionsChanged { get; private set; }

    // An execution touched by several inputs of one batch is written once, when the batch is flushed.
    private readonly HashSet<SequenceExecution> _dirty = new(ReferenceEqualityComparer.Instance);

    /// <summary>Writes the executions the batch changed; called once, just before the commit.</summary>
    public void Flush()
    {
        foreach (var execution in _dirty)
        {
            Batch.SaveExecution(execution);
        }
        _dirty.Clear();
    }

    /// <summary>Stores an engine result: the inbound event, emitted events (with outbox rows), open tasks, executions.</summary>
    public void Apply(EngineResult result)
    {
        if (result.Inbound is { } inbound)
        {
            Store(inbound);
        }
        var seqs = new Dictionary<string, long>();
        foreach (var evt in result.Emitted)
        {
            seqs[evt.Id] = Store(evt);
        }
        foreach (var opened in result.Opened)
        {
            Batch.OpenTask(opened, seqs[opened.Id]);
        }
        foreach (var closed in result.Closed)
        {
            Batch.CloseTask(closed);
        }
        foreach (var execution in result.Changed)
        {
            _dirty.Add(execution);
            ExecutionsChanged = true;
            if (!execution.IsActive && execution.FinishedAt == Now)
            {
                Ended.Add(execution.State);
            }
            foreach (var task in execution.Completed)
            {
                if (task.FinishedAt == Now && result.Closed.Contains(task.TriggeredId) && task.TriggeredAt is { } at)
                {
                    TaskDurations.Add(task.FinishedAt - at);
                }
            }
        }
    }

    /// <summary>Stores an event; with built-in integrations present it also gets an outbox row for them.</summary>
    public long Store(KeptnEvent evt)
    {
        var seq = Batch.InsertEvent(evt);
        if (outbox)
        {
            Batch.AddToOutbox(seq);
        }
        Stored.Add(evt);
        return seq;
    }
}
