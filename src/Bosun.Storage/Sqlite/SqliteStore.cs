using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Microsoft.Data.Sqlite;

namespace Bosun.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a committed input survives
/// a crash of the process or the machine. One writer connection (owned by the host's single writer loop),
/// pooled connections for reads.
/// </summary>
public sealed partial class SqliteStore : IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;

    private SqliteStore(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _writer = OpenConnection();
    }

    public string Path { get; }

    public static SqliteStore Open(string path)
    {
        var store = new SqliteStore(path);
        using var schema = typeof(SqliteStore).Assembly.GetManifestResourceStream("Bosun.Storage.Schema.sql")!;
        using var reader = new StreamReader(schema);
        store.Execute(store._writer, "PRAGMA journal_mode=WAL;");
        store.Execute(store._writer, reader.ReadToEnd());
        return store;
    }

    /// <summary>Begins the write transaction of one batch of inputs on the writer connection.</summary>
    public SqliteWriteBatch BeginWrite() => new(_writer);

    public void Dispose()
    {
        _writer.Dispose();
        SqliteConnection.ClearAllPools();
    }

    internal SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA temp_store=MEMORY;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Every execution that has not ended, for the engine to resume after a start.</summary>
    public IReadOnlyList<SequenceExecution> LoadActiveExecutions()
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM sequences WHERE active = 1 ORDER BY ord";
        using var reader = command.ExecuteReader();
        var list = new List<SequenceExecution>();
        while (reader.Read())
        {
            list.Add(ExecutionJson.Read(reader.GetString(0)));
        }
        return list;
    }

    public long MaxOrder()
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(ord), 0) FROM sequences";
        return (long)command.ExecuteScalar()!;
    }

    internal static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    internal static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    internal static KeptnEvent ReadEvent(string json) => KeptnEventJson.FromJson((JsonObject)JsonNode.Parse(json)!);
}
