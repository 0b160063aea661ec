using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Bosun.Server.Engine;
using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>What one unit of work sees inside the writer's transaction.</summary>
internal sealed class WriteContext(IWriteBatch batch, SequenceEngine engine, ProjectCatalog catalog, DateTimeOffset now, bool outbox, ScopeCopies? scopes = null)
{
    public IWriteBatch Batch { get; } = batch;
    public SequenceEngine Engine { get; } = engine;
    public ProjectCatalog Catalog { get; } = catalog;
    public DateTimeOffset Now { get; } = now;

    /// <summary>What this transaction did, for metrics and spans once it commits.</summary>
    public CommitFacts Facts { get; } = new();

    /// <summary>Events stored in this transaction, for metrics and the outbox dispatcher once it commits.</summary>
    public List<KeptnEvent> Stored => Facts.Stored;

    public bool ExecutionsChanged { get; private set; }

    /// <summary>Records who made this change, in its transaction (DESIGN §8).</summary>
    public void Audit(string who, string action, string target, string? project) => Batch.AddAudit(new AuditRecord(Now, who, action, target, project));

    // An execution touched by several inputs of one batch is written once, when the batch is flushed.
    private readonly HashSet<SequenceExecution> _dirty = new(ReferenceEqualityComparer.Instance);

    /// <summary>The earliest timer of the executions this transaction wrote, once it committed.</summary>
    public DateTimeOffset? NextDue { get; private set; }

    /// <summary>Writes the executions the batch changed; called once, just before the commit.</summary>
    public void Flush()
    {
        scopes?.BeforeCommit(_dirty);
        foreach (var execution in _dirty)
        {
            Batch.SaveExecution(execution);
            if (SequenceEngine.DueAt(execution) is { } due && (NextDue is null || due < NextDue))
            {
                NextDue = due;
            }
        }
        _dirty.Clear();
    }

    /// <summary>
    /// Whether this transaction may decide on an execution: always on a store with one writer; on a shared store only
    /// while it holds the execution's scope (<see cref="ScopeCopies"/>).
    /// </summary>
    public bool Holds(SequenceExecution execution) => scopes is null || scopes.Holds(execution);

    /// <summary>Locks a scope and makes the engine's copy of it the store's (shared stores; nothing to do otherwise).</summary>
    public void Lock(string? project, string? service)
    {
        if (scopes is not null && !string.IsNullOrEmpty(project) && !string.IsNullOrEmpty(service))
        {
            scopes.Lock(new ScopeKey(project, service));
        }
    }

    /// <summary>Locks the scope an inbound event belongs to before the engine sees it.</summary>
    public void LockFor(KeptnEvent evt)
    {
        if (scopes is null)
        {
            return;
        }
        Lock(evt.Project, evt.Service);
        if (string.IsNullOrEmpty(evt.TriggeredId))
        {
            return;
        }
        // The task may belong to another scope than the event claims (the engine rejects that), or the copy that has it
        // open may be out of date: either way it is the store's word, under the right lock, that decides.
        if (Engine.Book.FindByOpenTask(evt.TriggeredId) is { } held && !scopes.Holds(held))
        {
            Lock(held.Project, held.Service);
        }
        if (Engine.Book.FindByOpenTask(evt.TriggeredId) is null && scopes.FindTaskScope(evt.TriggeredId) is { } scope)
        {
            scopes.Lock(scope);
        }
    }

    /// <summary>Locks the scope of a context's sequences before a control request.</summary>
    public void LockContext(string project, string keptnContext)
    {
        if (scopes?.FindContextScope(project, keptnContext) is { } scope)
        {
            scopes.Lock(scope);
        }
    }

    /// <summary>A deleted project's scopes are forgotten with it.</summary>
    public void Forget(string project) => scopes?.Forget(project);

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
            if (!execution.IsActive && execution.FinishedAt == Now && !Facts.Ended.Contains(execution))
            {
                Facts.Ended.Add(execution);
            }
            if (result.Inbound?.Id == execution.Id || result.Emitted.Any(e => e.Id == execution.Id))
            {
                Facts.Started.Add(execution);
            }
            if (execution.Current is { Index: 0, TriggeredAt: { } sent } && sent == Now && result.Opened.Any(o => o.Id == execution.Current.TriggeredId))
            {
                Facts.QueueWaits.Add(sent - execution.TriggeredAt);
            }
            foreach (var task in execution.Completed)
            {
                if (task.FinishedAt == Now && result.Closed.Contains(task.TriggeredId))
                {
                    Facts.Completed.Add((execution, task));
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
