using System.Globalization;
using Bosun.Storage.Migrations;
using Npgsql;

namespace Bosun.Storage.Postgres;

/// <summary>
/// Versioned migrations of the PostgreSQL store, as the SQLite store's; replicas starting together migrate one at a time
/// (a session advisory lock), and each later one finds the work done.
/// </summary>
internal static class PostgresMigrations
{
    private const long LockKey = 0x426f73756e4d6967; // "BosunMig"

    public static IReadOnlyList<Migration> All { get; } = Migration.For("Postgres");

    public static async Task ApplyAsync(NpgsqlDataSource source, string where, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY)", cancellationToken);
            await using var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection);
            var current = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (current > All.Count)
            {
                throw new StoreSchemaException(Migration.TooNew($"at {where}", current, All.Count));
            }
            foreach (var migration in All.Skip((int)current))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
                await ExecuteAsync(connection, transaction, string.Create(CultureInfo.InvariantCulture, $"INSERT INTO schema_version (version) VALUES ({migration.Version})"), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
