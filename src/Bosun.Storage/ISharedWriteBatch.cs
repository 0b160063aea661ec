using Bosun.Core.Sequences;

namespace Bosun.Storage;

/// <summary>The writer's transaction on a <see cref="ISharedStore"/>: scope locks and what fences a stale process.</summary>
public interface ISharedWriteBatch : IWriteBatch
{
    /// <summary>
    /// Locks the scopes (in the order given: callers sort them, so two writers cannot deadlock) until this transaction
    /// ends, and returns the version each holds. A scope nobody wrote yet gets a version no earlier scope had. With
    /// <paramref name="skipLocked"/>, a scope another transaction holds is left out of the answer instead of waited for.
    /// </summary>
    IReadOnlyDictionary<ScopeKey, long> LockScopes(IReadOnlyList<ScopeKey> scopes, bool skipLocked = false);

    /// <summary>
    /// Names the events this transaction's inputs will store (source and id), before they run: the store may ask
    /// whether each is stored already with its next round trip instead of one by one (<see cref="IWriteBatch.FindContext"/>).
    /// </summary>
    void Expect(IReadOnlyCollection<(string Source, string Id)> events);

    /// <summary>
    /// Instead of <see cref="Expect"/> and <see cref="LockScopes"/>: begins a transaction that asks nothing and assumes
    /// what the process's last transaction saw: the store's versions (<see cref="Versions"/> answers them), these scopes
    /// locked at these versions, and none of these events stored. The commit fails with
    /// <see cref="StaleAssumptionException"/>, storing nothing, when one does not hold. False when there is nothing to
    /// assume yet (the process's first transaction).
    /// </summary>
    bool TryAssume(IReadOnlyDictionary<ScopeKey, long> scopes, IReadOnlyCollection<(string Source, string Id)> events);

    /// <summary>The store's versions as this transaction first saw them (asked with <see cref="Expect"/>'s round trip).</summary>
    StoreVersions Versions();

    /// <summary>Raises the versions of scopes this transaction changed, at its commit (<see cref="Touched"/>).</summary>
    void TouchScopes(IReadOnlyCollection<ScopeKey> scopes);

    /// <summary>The versions <see cref="TouchScopes"/> gave the scopes, once <see cref="IWriteBatch.Commit"/> returned.</summary>
    IReadOnlyDictionary<ScopeKey, long> Touched { get; }

    /// <summary>The active executions of these scopes as committed, for a writer whose copies are out of date (one read).</summary>
    IReadOnlyDictionary<ScopeKey, IReadOnlyList<SequenceExecution>> LoadScopes(IReadOnlyCollection<ScopeKey> scopes);

    /// <summary>The scope of an open task, or null when no task with this id is open.</summary>
    ScopeKey? FindTaskScope(string triggeredId);

    /// <summary>The scope of a context's sequences, or null when the context is unknown in that project.</summary>
    ScopeKey? FindContextScope(string project, string keptnContext);

    /// <summary>
    /// Removes these outbox rows only while <paramref name="fence"/> still holds its lease. By number, not up to one: on a
    /// shared store the rows a dispatcher took are what it may remove.
    /// </summary>
    void DeleteOutbox(IReadOnlyCollection<long> seqs, LeaseFence fence);
}
