using Bosun.Core.Sequences;

namespace Bosun.Storage;

/// <summary>
/// The storage contract (docs/architecture.md, "One storage contract, two stores"): everything the server and the
/// built-in integrations read and write. Nothing outside the storage project and the composition root names a store.
/// </summary>
public interface IStore : IEventStore, IProjectStore, ISecretStore, IUniformStore, IAccessStore, IDisposable
{
    /// <summary>Begins the writer's transaction of one batch of inputs; only the writer loop calls it.</summary>
    /// <param name="flush">Whether its commit returns only once it is on disk. False for the writer's own bookkeeping
    /// that a crash makes it redo anyway (hand-overs, claims, leases of work rows; docs/architecture.md, "Flushed
    /// commits"): such a commit reaches the disk with the store's next flushed one, in commit order, so a crash may lose
    /// it but never a flushed commit after it.</param>
    IWriteBatch BeginWrite(bool flush = true);

    /// <summary>Every execution that has not ended, in arrival order, for the engine to resume after a start.</summary>
    Task<IReadOnlyList<SequenceExecution>> LoadActiveExecutionsAsync(CancellationToken cancellationToken = default);

    /// <summary>The highest arrival order any execution was given (0 when none).</summary>
    Task<long> MaxOrderAsync(CancellationToken cancellationToken = default);

    /// <summary>Pending outbox rows in order, after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<OutboxRow>> ReadOutboxAsync(int limit, long after = 0, CancellationToken cancellationToken = default);

    /// <summary>Asks the store the cheapest question it answers; throws when it does not (readiness).</summary>
    Task PingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Housekeeping the store needs from time to time beside the writer (SQLite: copying the write-ahead log into the
    /// database file once it has grown); returns whether there was any to do.
    /// </summary>
    Task<bool> MaintainAsync(CancellationToken cancellationToken = default);
}
