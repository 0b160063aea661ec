using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Microsoft.Data.Sqlite;

namespace Bosun.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a committed input survives
/// a crash of the process or the machine. One writer connection (owned by the host's single writer loop),
/// pooled connections for reads.
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>The write-ahead log size past which <see cref="MaintainAsync"/> checkpoints it.</summary>
    private const long WalCheckpointBytes = 4 * 1024 * 1024;

    /// <summary>WAL frames (16 MiB of 4 KiB pages) past which <see cref="Checkpoint"/> has the log started over (a test lowers it).</summary>
    internal long WalRestartFrames { get; set; } = 4096;

    /// <summary>SQLite's memory in this process (page caches, statements), past which it reuses cache pages instead of allocating.</summary>
    private const long SoftHeapLimit = 24 * 1024 * 1024;

    /// <summary>What a started-over WAL file is trimmed to, so its disk space stays bounded.</summary>
    private const long WalSizeLimit = 16 * 1024 * 1024;

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Dictionary<string, SqliteCommand> _writerCommands = [];
    private volatile bool _startOver;

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
        // Checkpoints run beside the writer (Checkpoint below), not inside its commits, so a commit only appends to the WAL.
        // The soft heap limit is the process's: the page caches of the writer and of every pooled reader together stay
        // within it (each reader's own 2 MiB default would otherwise add up as the pool grows with concurrent reads).
        Execute(_writer, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=0; PRAGMA cache_size=-8192; " +
            $"PRAGMA journal_size_limit={WalSizeLimit}; PRAGMA soft_heap_limit={SoftHeapLimit};");
    }

    public string Path { get; }

    // The writer connection's synchronous level: FULL unless the last batch was one that need not be flushed.
    private bool _flushing = true;

    /// <summary>The writer connection's <c>PRAGMA synchronous</c> (1 NORMAL, 2 FULL), for tests.</summary>
    internal long WriterSynchronous
    {
        get
        {
            using var command = _writer.CreateCommand();
            command.CommandText = "PRAGMA synchronous";
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <summary>Opens (or creates) the database file and migrates it to this binary's schema.</summary>
    /// <exception cref="StoreSchemaException">The database's schema is newer than this binary's.</exception>
    public static SqliteStore Open(string path)
    {
        CreateOwnerOnly(path);
        var store = new SqliteStore(path);
        try
        {
            store.Execute(store._writer, "PRAGMA journal_mode=WAL;");
            SqliteMigrations.Apply(store._writer, path);
            // One process uses the file: whatever a process held before this start, it holds no more.
            store.Execute(store._writer, "UPDATE work SET owner = NULL, lease_until = NULL WHERE owner IS NOT NULL");
        }
        catch
        {
            store.Dispose();
            throw;
        }
        return store;
    }

    /// <summary>
    /// Makes the database file mode 600 before SQLite opens it (an empty file is an empty database); SQLite gives its
    /// -wal and -shm files the database file's mode, so none of them is readable by others.
    /// </summary>
    private static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!File.Exists(path))
        {
            using var created = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });
            return;
        }
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            if (File.Exists(file))
            {
                File.SetUnixFileMode(file, OwnerOnly);
            }
        }
    }

    /// <summary>Begins the write transaction of one batch of inputs on the writer connection.</summary>
    /// <param name="flush">False: its commit appends to the write-ahead log without waiting for the disk
    /// (<c>synchronous=NORMAL</c>, which SQLite lets change only between transactions). The next flushed commit syncs
    /// the log, and with it every frame before its own: the log is replayed only up to its last intact commit.</param>
    public SqliteWriteBatch BeginWrite(bool flush = true)
    {
        if (flush != _flushing)
        {
            Execute(_writer, flush ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
            _flushing = flush;
        }
        if (_startOver)
        {
            // Between two of the writer's transactions nothing is appended meanwhile, so this checkpoint reaches the log's
            // end (the background one copied the bulk: few frames are left), and the transaction below starts the log over.
            // One running beside it makes this one busy (SQLite runs one at a time): then the next transaction tries again.
            var (busy, log, copied) = WalCheckpoint(_writer, "PASSIVE");
            _startOver = busy || copied < log;
        }
        return new(_writer, _writerCommands);
    }

    public void Dispose()
    {
        foreach (var command in _writerCommands.Values)
        {
            command.Dispose();
        }
        _writer.Dispose();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>A pooled connection. Readers never wait on the writer in WAL mode; writes outside the writer loop
    /// (registrations, logs) wait for the lock up to the default timeout.</summary>
    internal SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Caps the database at its pages now plus <paramref name="morePages"/> (SQLite's <c>max_page_count</c>, on the
    /// writer's connection; null lifts the cap): a commit past it fails as on a full disk (SQLITE_FULL). For tests.
    /// </summary>
    internal void LimitPages(long? morePages)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = "PRAGMA page_count";
        var pages = (long)command.ExecuteScalar()!;
        command.CommandText = $"PRAGMA max_page_count = {(morePages is { } more ? pages + more : 1073741823)}";
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Copies committed WAL pages into the database file without blocking the writer or readers. Under steady writes such
    /// a checkpoint never reaches the log's end (commits go on meanwhile), so SQLite never starts the log over and the WAL
    /// grows without bound (with it the disk and every read's search of the WAL index). Once it holds
    /// <see cref="WalRestartFrames"/>, the writer's next transaction is preceded by a checkpoint of the few frames left, on
    /// its own connection, after which SQLite starts the log over (the writer's <c>journal_size_limit</c> trims the file).
    /// A restarting checkpoint from here would do the same holding the writer through SQLite's busy waits (1, 2, 5, 10 ms…).
    /// </summary>
    /// <returns>The pages still in the WAL after the checkpoint.</returns>
    public long Checkpoint()
    {
        using var connection = OpenConnection();
        var (_, log, copied) = WalCheckpoint(connection, "PASSIVE");
        if (log >= WalRestartFrames)
        {
            _startOver = true;
        }
        return log - copied;
    }

    /// <summary>SQLite's answer to a checkpoint: whether another held it off, the frames in the log, those copied.</summary>
    private static (bool Busy, long Log, long Copied) WalCheckpoint(SqliteConnection connection, string mode)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2)) : (false, 0, 0);
    }

    /// <summary>Every execution that has not ended, for the engine to resume after a start.</summary>
    internal IReadOnlyList<SequenceExecution> LoadActiveExecutions()
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

    internal long MaxOrder()
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(ord), 0) FROM sequences";
        return (long)command.ExecuteScalar()!;
    }

    internal static long Ms(DateTimeOffset time) => StoredValues.Ms(time);

    internal static DateTimeOffset FromMs(long ms) => StoredValues.FromMs(ms);

    internal static KeptnEvent ReadEvent(string json) => StoredValues.Event(json);
}
