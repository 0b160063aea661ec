namespace Bosun.Storage;

/// <summary>
/// A store that several processes write at once (PostgreSQL; docs/architecture.md, DESIGN §5): what a process needs
/// beyond <see cref="IStore"/> to share the work without trusting its own memory. Its writer's transactions are
/// <see cref="ISharedWriteBatch"/>es. A store that has one writer (SQLite) does not implement it.
/// </summary>
public interface ISharedStore : IStore
{
    /// <summary>Scopes with an active execution whose next timer is due at <paramref name="now"/>, up to <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ScopeKey>> DueScopesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>The earliest timer of any active execution, or null.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default);

    Task<StoreVersions> VersionsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes or renews the lease <paramref name="name"/> for <paramref name="owner"/> until <paramref name="until"/>:
    /// the epoch it is held at, raised each time it changes hands; null while another owner holds it.
    /// </summary>
    Task<long?> AcquireLeaseAsync(string name, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>
    /// Listens, until cancelled, for what other processes' commits wake this one for: <paramref name="wake"/> gets
    /// "Outbox" (stored events to hand over), "Work" (work rows given back) or both; also once each time listening
    /// (re)starts, for what was committed while it did not. Reconnects by itself.
    /// </summary>
    Task ListenAsync(Action<string> wake, CancellationToken cancellationToken);

    /// <summary>Gives a lease up, if <paramref name="owner"/> holds it, for another process to take at once.</summary>
    Task ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken = default);
}
