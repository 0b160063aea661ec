using Npgsql;

namespace Bosun.Storage.Postgres;

/// <summary>What replicas share beyond the data: timers, versions and leases (docs/architecture.md).</summary>
public sealed partial class PostgresStore : ISharedStore
{
    internal const string WakeChannel = "bosun_wake";

    /// <summary>The transaction lock under which a commit numbers its outbox rows (PostgresWriteBatch.Commit).</summary>
    internal const long OutboxLock = 0x426f73756e4f7574; // "BosunOut"
    private static readonly TimeSpan ListenRetry = TimeSpan.FromSeconds(1);

    public async Task ListenAsync(Action<string> wake, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _source.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, e) => wake(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {WakeChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }
                // Whatever was committed while nobody listened.
                wake("Outbox, Work");
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The server went away: the slow poll covers the gap; listen again shortly.
                await Task.Delay(ListenRetry, cancellationToken);
            }
        }
    }

    public async Task<IReadOnlyList<ScopeKey>> DueScopesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        await ListAsync("SELECT DISTINCT project, service FROM sequences WHERE active = 1 AND due_at <= @now LIMIT @limit",
            [P("now", StoredValues.Ms(now)), P("limit", limit)], r => new ScopeKey(r.GetString(0), r.GetString(1)), cancellationToken);

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default) =>
        await ScalarAsync("SELECT MIN(due_at) FROM sequences WHERE active = 1 AND due_at IS NOT NULL", [], cancellationToken) is long ms
            ? StoredValues.FromMs(ms)
            : null;

    public async Task<StoreVersions> VersionsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand(VersionsSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return ReadVersions(reader);
    }

    internal const string VersionsSql = "SELECT name, version FROM store_versions";

    internal static StoreVersions ReadVersions(NpgsqlDataReader reader)
    {
        long catalog = 0, resources = 0;
        while (reader.Read())
        {
            _ = reader.GetString(0) switch
            {
                "catalog" => catalog = reader.GetInt64(1),
                "resources" => resources = reader.GetInt64(1),
                _ => 0,
            };
        }
        return new StoreVersions(catalog, resources);
    }

    public async Task<long?> AcquireLeaseAsync(string name, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        await ScalarAsync(
            """
            INSERT INTO leases (name, owner, epoch, lease_until) VALUES (@name, @owner, 1, @until)
            ON CONFLICT (name) DO UPDATE
              SET epoch = CASE WHEN leases.owner = excluded.owner THEN leases.epoch ELSE leases.epoch + 1 END,
                  owner = excluded.owner, lease_until = excluded.lease_until
              WHERE leases.owner = excluded.owner OR leases.lease_until < @now
            RETURNING epoch
            """,
            [P("name", name), P("owner", owner), P("until", StoredValues.Ms(until)), P("now", StoredValues.Ms(now))], cancellationToken) as long?;

    public async Task ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("UPDATE leases SET lease_until = 0 WHERE name = @name AND owner = @owner", [P("name", name), P("owner", owner)], cancellationToken);
}
