using System.Globalization;
using Bosun.Storage.Migrations;
using Microsoft.Data.Sqlite;

namespace Bosun.Storage.Sqlite;

/// <summary>
/// Versioned migrations of the SQLite store (docs/architecture.md, "Versioned migrations"): <c>schema_version</c> holds the
/// highest one applied; each missing one runs in its own transaction with its version row.
/// </summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<Migration> All { get; } = Migration.For("Sqlite");

    /// <returns>The schema version the database has now.</returns>
    /// <exception cref="StoreSchemaException">The database is newer than this binary.</exception>
    public static int Apply(SqliteConnection connection, string path)
    {
        Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)");
        var current = Current(connection);
        if (current > All.Count)
        {
            throw new StoreSchemaException(Migration.TooNew($"at {path}", current, All.Count));
        }
        foreach (var migration in All.Skip((int)current))
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            Execute(connection, transaction, migration.Sql);
            Execute(connection, transaction, string.Create(CultureInfo.InvariantCulture, $"INSERT INTO schema_version (version) VALUES ({migration.Version})"));
            transaction.Commit();
        }
        return All.Count;
    }

    public static long Current(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
