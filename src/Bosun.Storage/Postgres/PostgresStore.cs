using Bosun.Core.Sequences;
using Npgsql;

namespace Bosun.Storage.Postgres;

/// <summary>
/// The store for several replicas: one PostgreSQL database, pooled connections through one <see cref="NpgsqlDataSource"/>.
/// Reads are async; the writer's transaction (<see cref="PostgresWriteBatch"/>) is one connection held for its batch.
/// </summary>
public sealed partial class PostgresStore : IStore
{
    private readonly NpgsqlDataSource _source;
    private readonly PostgresWriterState _writer = new();

    private PostgresStore(NpgsqlDataSource source, string where)
    {
        _source = source;
        Where = where;
    }

    internal NpgsqlDataSource DataSource => _source;

    /// <summary>Host, port and database, for messages (never the password).</summary>
    public string Where { get; }

    /// <summary>Connects, migrates the database to this binary's schema and returns the store.</summary>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    /// <exception cref="StoreUnavailableException">The server did not answer.</exception>
    /// <exception cref="StoreSchemaException">The database's schema is newer than this binary's.</exception>
    public static async Task<PostgresStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"--postgres: the connection string is malformed: {e.Message}", e);
        }
        if (string.IsNullOrEmpty(settings.Host))
        {
            throw new ArgumentException("--postgres: the connection string names no Host");
        }
        // The writer's statements repeat: let Npgsql prepare them once per connection.
        settings.MaxAutoPrepare = Math.Max(settings.MaxAutoPrepare, 64);
        // Bosun sets no session state on pooled connections (the listener keeps its own), so a connection going back to
        // the pool needs no reset: that is a round trip saved on every read and every write.
        settings.NoResetOnClose = true;
        var where = $"{settings.Host}:{settings.Port}/{settings.Database ?? settings.Username}";
        var source = NpgsqlDataSource.Create(settings);
        var store = new PostgresStore(source, where);
        try
        {
            await PostgresMigrations.ApplyAsync(source, where, cancellationToken);
        }
        catch (NpgsqlException e)
        {
            await source.DisposeAsync();
            throw new StoreUnavailableException($"--postgres: PostgreSQL at {where} did not answer: {e.Message}", e);
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
        return store;
    }

    public IWriteBatch BeginWrite(bool flush = true) => PostgresWriteBatch.Begin(_source, _writer, flush);

    public void Dispose() => _source.Dispose();

    public async Task<IReadOnlyList<SequenceExecution>> LoadActiveExecutionsAsync(CancellationToken cancellationToken = default) =>
        await ListAsync("SELECT json FROM sequences WHERE active = 1 ORDER BY ord", [], r => ExecutionJson.Read(r.GetString(0)), cancellationToken);

    public async Task<long> MaxOrderAsync(CancellationToken cancellationToken = default) =>
        (long)(await ScalarAsync("SELECT COALESCE(MAX(ord), 0) FROM sequences", [], cancellationToken))!;

    public Task PingAsync(CancellationToken cancellationToken = default) =>
        ScalarAsync("SELECT COUNT(*) FROM schema_version", [], cancellationToken);

    /// <summary>PostgreSQL checkpoints and vacuums by itself.</summary>
    public Task<bool> MaintainAsync(CancellationToken cancellationToken = default) => Task.FromResult(false);

    private async Task<List<T>> ListAsync<T>(string sql, IReadOnlyList<NpgsqlParameter> parameters, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(sql);
        Bind(command, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(read(reader));
        }
        return list;
    }

    /// <summary>A page's total and its rows in one round trip (two statements in one batch).</summary>
    private async Task<(int Total, List<T> Items)> CountAndListAsync<T>(string countSql, string listSql, IReadOnlyList<NpgsqlParameter> countParameters,
        IReadOnlyList<NpgsqlParameter> listParameters, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var batch = _source.CreateBatch();
        foreach (var (sql, parameters) in new[] { (countSql, countParameters), (listSql, listParameters) })
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(parameter);
            }
            batch.BatchCommands.Add(command);
        }
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
        await reader.NextResultAsync(cancellationToken);
        var items = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(read(reader));
        }
        return (total, items);
    }

    private async Task<object?> ScalarAsync(string sql, IReadOnlyList<NpgsqlParameter> parameters, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(sql);
        Bind(command, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    private async Task<int> ExecuteAsync(string sql, IReadOnlyList<NpgsqlParameter> parameters, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(sql);
        Bind(command, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter P(string name, object? value) => new(name, value ?? DBNull.Value);

    /// <summary>The <c>time</c> column's half-open range as SQL to append (empty when neither end is given).</summary>
    private static string TimeRange(DateTimeOffset? from, DateTimeOffset? before, List<NpgsqlParameter> parameters)
    {
        var sql = string.Empty;
        if (from is { } start)
        {
            sql += " AND time >= @from";
            parameters.Add(P("from", StoredValues.Ms(start)));
        }
        if (before is { } end)
        {
            sql += " AND time < @before";
            parameters.Add(P("before", StoredValues.Ms(end)));
        }
        return sql;
    }

    private static void Bind(NpgsqlCommand command, IEnumerable<NpgsqlParameter> parameters)
    {
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }
    }
}
