using System.Collections.Concurrent;

namespace Bosun.Storage.Postgres;

/// <summary>
/// What a process's write batches hand on from one transaction to the next (docs/architecture.md, "Round trips"): event
/// numbers taken ahead with the last commit, and the store's versions as the last transaction that read them saw them,
/// which the next one may assume (<see cref="ISharedWriteBatch.TryAssume"/>).
/// </summary>
internal sealed class PostgresWriterState
{
    // Numbers left over when the process ends are gaps, as a rolled back insert leaves.
    public ConcurrentQueue<long> Seqs { get; } = new();

    private StoreVersions? _versions;

    public StoreVersions? Versions
    {
        get => Volatile.Read(ref _versions);
        set => Volatile.Write(ref _versions, value);
    }
}
