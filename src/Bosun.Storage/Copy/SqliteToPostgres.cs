using System.Globalization;
using Bosun.Core.Sequences;
using Bosun.Storage.Postgres;
using Bosun.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bosun.Storage.Copy;

/// <summary>
/// <c>bosun migrate --from-sqlite</c>: copies a whole SQLite installation into an empty PostgreSQL database in one
/// transaction (projects, files, events, sequences with their timers, uniform registrations, secrets still sealed, work
/// in hand), keeping every event's sequence number so the rows that point at events still do, and checks the counts.
/// </summary>
public static class SqliteToPostgres
{
    /// <summary>In dependency order. Each copies the columns both stores have (PostgreSQL's generated ones are its own).</summary>
    private static readonly string[] Tables =
        ["projects", "services", "resources", "project_settings", "secrets", "integrations", "logs", "events", "sequences", "contexts", "open_tasks", "outbox", "work", "tokens", "audit"];

    private static readonly string[] IdentityTables = ["events", "logs", "outbox", "audit"];
    private const int RowsPerInsert = 500;

    /// <returns>The rows copied, by table.</returns>
    /// <exception cref="ArgumentException">The SQLite file is missing, or the PostgreSQL database is not empty.</exception>
    /// <exception cref="StoreSchemaException">One of the two is newer than this binary.</exception>
    /// <exception cref="StoreUnavailableException">PostgreSQL did not answer.</exception>
    public static async Task<IReadOnlyList<(string Table, long Rows)>> CopyAsync(string sqlitePath, string postgres, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(sqlitePath))
        {
            throw new ArgumentException($"--from-sqlite: {sqlitePath} does not exist (the file is bosun.db in Bosun's data directory)");
        }
        // The target first: a database that is not there or not empty leaves the SQLite file untouched.
        using var target = await PostgresStore.OpenAsync(postgres, cancellationToken);
        await using var pg = await target.DataSource.OpenConnectionAsync(cancellationToken);
        await RefuseNonEmptyAsync(pg, target.Where, cancellationToken);
        // Opening migrates an older file to this binary's schema, so the columns are the ones known here.
        SqliteStore.Open(sqlitePath).Dispose();
        await using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await sqlite.OpenAsync(cancellationToken);

        await using var transaction = await pg.BeginTransactionAsync(cancellationToken);
        var copied = new List<(string, long)>();
        foreach (var table in Tables)
        {
            copied.Add((table, await CopyTableAsync(sqlite, pg, transaction, table, cancellationToken)));
        }
        foreach (var table in IdentityTables)
        {
            await ExecuteAsync(pg, transaction, $"SELECT setval(pg_get_serial_sequence('{table}', 'seq'), GREATEST((SELECT COALESCE(MAX(seq), 0) FROM {table}), 1))", cancellationToken);
        }
        await SetTimersAsync(pg, transaction, cancellationToken);
        foreach (var (table, rows) in copied)
        {
            var there = Convert.ToInt64(await ScalarAsync(pg, transaction, $"SELECT COUNT(*) FROM {table}", cancellationToken), CultureInfo.InvariantCulture);
            if (there != rows)
            {
                throw new InvalidDataException($"{table}: {rows} row(s) read from SQLite but {there} in PostgreSQL; nothing was committed");
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return copied;
    }

    private static async Task RefuseNonEmptyAsync(NpgsqlConnection pg, string where, CancellationToken cancellationToken)
    {
        foreach (var table in Tables)
        {
            if (await ScalarAsync(pg, null, $"SELECT EXISTS (SELECT 1 FROM {table})", cancellationToken) is true)
            {
                throw new ArgumentException($"--postgres: the database at {where} is not empty (table {table} has rows); bosun migrate copies into an empty database only");
            }
        }
    }

    private static async Task<long> CopyTableAsync(SqliteConnection sqlite, NpgsqlConnection pg, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        var columns = (await SqliteColumnsAsync(sqlite, table, cancellationToken)).Intersect(await PostgresColumnsAsync(pg, transaction, table, cancellationToken)).ToList();
        var overriding = IdentityTables.Contains(table) ? " OVERRIDING SYSTEM VALUE" : string.Empty;
        await using var read = sqlite.CreateCommand();
        read.CommandText = $"SELECT {string.Join(", ", columns)} FROM {table}";
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var rows = new List<object?[]>();
        long count = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
            if (rows.Count == RowsPerInsert)
            {
                count += await InsertAsync(pg, transaction, table, columns, overriding, rows, cancellationToken);
                rows.Clear();
            }
        }
        return count + await InsertAsync(pg, transaction, table, columns, overriding, rows, cancellationToken);
    }

    private static async Task<int> InsertAsync(NpgsqlConnection pg, NpgsqlTransaction transaction, string table, List<string> columns, string overriding,
        List<object?[]> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return 0;
        }
        await using var insert = new NpgsqlCommand { Connection = pg, Transaction = transaction };
        var values = new List<string>();
        for (var r = 0; r < rows.Count; r++)
        {
            var names = new List<string>();
            for (var c = 0; c < columns.Count; c++)
            {
                var name = $"p{r}_{c}";
                names.Add("@" + name);
                insert.Parameters.Add(new NpgsqlParameter(name, rows[r][c] ?? DBNull.Value));
            }
            values.Add($"({string.Join(", ", names)})");
        }
        insert.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}){overriding} VALUES {string.Join(", ", values)}";
        return await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>SQLite's writer keeps timers in memory; PostgreSQL's replicas find them in <c>due_at</c>.</summary>
    private static async Task SetTimersAsync(NpgsqlConnection pg, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var due = new List<(string Id, long At)>();
        await using (var read = new NpgsqlCommand("SELECT id, json FROM sequences WHERE active = 1", pg, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (SequenceEngine.DueAt(ExecutionJson.Read(reader.GetString(1))) is { } at)
                {
                    due.Add((reader.GetString(0), StoredValues.Ms(at)));
                }
            }
        }
        foreach (var (id, at) in due)
        {
            await using var update = new NpgsqlCommand("UPDATE sequences SET due_at = @at WHERE id = @id", pg, transaction);
            update.Parameters.Add(new NpgsqlParameter("at", at));
            update.Parameters.Add(new NpgsqlParameter("id", id));
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<List<string>> SqliteColumnsAsync(SqliteConnection sqlite, string table, CancellationToken cancellationToken)
    {
        await using var command = sqlite.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(reader.GetString(0));
        }
        return columns;
    }

    private static async Task<List<string>> PostgresColumnsAsync(NpgsqlConnection pg, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @t AND is_generated = 'NEVER' ORDER BY ordinal_position",
            pg, transaction);
        command.Parameters.Add(new NpgsqlParameter("t", table));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(reader.GetString(0));
        }
        return columns;
    }

    private static async Task ExecuteAsync(NpgsqlConnection pg, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, pg, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection pg, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, pg, transaction);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
