using Bosun.Core.Sequences;

namespace Bosun.Storage;

/// <summary>The writer's transaction on a <see cref="ISharedStore"/>: scope locks and what fences a stale process.</summary>
public interface ISharedWriteBatch : IWriteBatch
{
    /// <summary>
    /// Locks the scopes (in the order given: callers sort them, so two writers cannot deadlock) until this transaction
    /// ends, and returns the version each holds. A scope nobody wrote yet gets a version no earlier scope had.
    /// </summary>
    IReadOnlyDictionary<ScopeKey, long> LockScopes(IReadOnlyList<ScopeKey> scopes);

    /// <summary>Raises the versions of scopes this transaction changed and returns the new ones.</summary>
    IReadOnlyDictionary<ScopeKey, long> TouchScopes(IReadOnlyCollection<ScopeKey> scopes);

    /// <summary>The active executions of one scope as committed, for a writer whose copy is out of date.</summary>
    IReadOnlyList<SequenceExecution> LoadScope(ScopeKey scope);

    /// <summary>The scope of an open task, or null when no task with this id is open.</summary>
    ScopeKey? FindTaskScope(string triggeredId);

    /// <summary>The scope of a context's sequences, or null when the context is unknown in that project.</summary>
    ScopeKey? FindContextScope(string project, string keptnContext);

    /// <summary>Removes outbox rows up to <paramref name="upToSeq"/> only while <paramref name="fence"/> still holds its lease.</summary>
    int DeleteOutbox(long upToSeq, LeaseFence fence);
}
