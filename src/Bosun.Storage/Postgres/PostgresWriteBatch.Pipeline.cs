using Npgsql;

namespace Bosun.Storage.Postgres;

/// <summary>
/// The batch's round trips (docs/architecture.md, "Round trips"): statements wait in <see cref="_pending"/> and go out
/// together; those whose answer is needed carry a reader that gets their result set, in order.
/// </summary>
public sealed partial class PostgresWriteBatch
{
    // Event numbers taken ahead of the batch's inserts (one round trip for many; numbers left over are gaps, as a rolled
    // back insert leaves): an insert needs no answer of its own, so it can wait in the pipeline.
    private const int SeqsPerEvent = 2;
    private const int MinSeqs = 8;
    private NpgsqlBatch? _pending;
    private readonly List<Action<NpgsqlDataReader>> _readers = [];
    private HashSet<(string Source, string Id)> _expected = [];
    // The contexts of events known to be stored: those the expected ones' question found, and those this batch stored.
    private readonly Dictionary<(string Source, string Id), string> _known = [];
    private bool _answered;
    private bool _beginWaits;
    private bool _assumed;
    private StoreVersions? _versions;

    /// <summary>
    /// Tells the batch which events its inputs will store, before they run: whether each is stored already is asked in the
    /// next round trip (with the scope locks), and event numbers are taken for them and what they may cause.
    /// </summary>
    public void Expect(IReadOnlyCollection<(string Source, string Id)> events)
    {
        Defer(PostgresStore.VersionsSql, r => _versions = _state.Versions = PostgresStore.ReadVersions(r));
        if (events.Count > 0)
        {
            _expected = [.. events];
            Defer(
                "SELECT source, id, context FROM events WHERE (id, source) IN (SELECT * FROM unnest(@ids, @sources))",
                r =>
                {
                    while (r.Read())
                    {
                        _known[(r.GetString(0), r.GetString(1))] = r.GetString(2);
                    }
                    _answered = true;
                },
                ("ids", events.Select(e => e.Id).ToArray()), ("sources", events.Select(e => e.Source).ToArray()));
        }
        ReserveSeqsFor(events.Count);
    }

    /// <summary>
    /// The batch assumes what the last transaction saw: these scope versions, the store's versions, and none of these
    /// events stored. Nothing is asked: the checks travel with the writes and fail the transaction at the commit when an
    /// assumption no longer holds (<see cref="StaleAssumptionException"/>); a scope another transaction holds is not
    /// waited for but fails it too (docs/architecture.md, "Round trips").
    /// </summary>
    public bool TryAssume(IReadOnlyDictionary<ScopeKey, long> scopes, IReadOnlyCollection<(string Source, string Id)> events)
    {
        if (_state.Versions is not { } versions)
        {
            return false;
        }
        _assumed = true;
        _versions = versions;
        Defer(
            """
            SELECT bosun_expect(bool_and(CASE name WHEN 'catalog' THEN version = @catalog WHEN 'resources' THEN version = @resources ELSE true END),
              'the catalog and resources') FROM store_versions
            """,
            _ => { }, ("catalog", versions.Catalog), ("resources", versions.Resources));
        if (scopes.Count > 0)
        {
            Defer(
                """
                WITH wanted AS (SELECT * FROM unnest(@projects, @services, @versions) AS t(p, s, v)),
                held AS (
                  SELECT project, service, version FROM scopes
                  WHERE (project, service) IN (SELECT p, s FROM wanted) ORDER BY project, service FOR UPDATE NOWAIT)
                SELECT bosun_expect(count(*) = cardinality(@projects), 'a scope')
                FROM held JOIN wanted ON wanted.p = held.project AND wanted.s = held.service AND wanted.v = held.version
                """,
                _ => { }, ("projects", scopes.Keys.Select(s => s.Project).ToArray()), ("services", scopes.Keys.Select(s => s.Service).ToArray()),
                ("versions", scopes.Values.ToArray()));
        }
        // Stored already, one of them makes its insert fail: the same unique index that de-duplicates concurrent inserts.
        _expected = [.. events];
        _answered = true;
        ReserveSeqsFor(events.Count);
        return true;
    }

    public StoreVersions Versions()
    {
        if (_versions is null)
        {
            Send();
        }
        return _versions ?? Query(PostgresStore.VersionsSql, PostgresStore.ReadVersions);
    }

    private void ReserveSeqsFor(int events)
    {
        var wanted = Math.Max(MinSeqs, events * SeqsPerEvent);
        if (_state.Seqs.Count < wanted)
        {
            ReserveSeqs(wanted);
        }
    }

    private long NextEventSeq()
    {
        if (_state.Seqs.IsEmpty)
        {
            Send();
        }
        if (_state.Seqs.IsEmpty)
        {
            ReserveSeqs(4 * MinSeqs);
            Send();
        }
        return _state.Seqs.TryDequeue(out var seq) ? seq : throw new InvalidOperationException("no event number was reserved");
    }

    private void ReserveSeqs(int count) => Defer(
        "SELECT nextval(pg_get_serial_sequence('events', 'seq')) FROM generate_series(1, @n)",
        r =>
        {
            while (r.Read())
            {
                _state.Seqs.Enqueue(r.GetInt64(0));
            }
        },
        ("n", count));

    /// <summary>Queues a statement whose answer nobody waits for.</summary>
    private void Defer(string sql, params (string Name, object? Value)[] parameters) => Add(sql, parameters);

    /// <summary>Queues a statement whose result set <paramref name="read"/> takes when the round trip happens.</summary>
    private void Defer(string sql, Action<NpgsqlDataReader> read, params (string Name, object? Value)[] parameters)
    {
        Add(sql, parameters);
        _readers.Add(read);
    }

    /// <summary>Sends what waits and this statement, and returns what <paramref name="read"/> makes of its result set.</summary>
    private T Query<T>(string sql, Func<NpgsqlDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        T result = default!;
        Defer(sql, r => result = read(r), parameters);
        Send();
        return result;
    }

    /// <summary>Sends what waits and this statement, and returns the number of rows it changed.</summary>
    private int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Add(sql, parameters);
        Send();
        return command.RecordsAffected;
    }

    private NpgsqlBatchCommand Add(string sql, (string Name, object? Value)[] parameters)
    {
        var command = Command(sql, parameters);
        (_pending ??= new NpgsqlBatch(_connection)).BatchCommands.Add(command);
        return command;
    }

    /// <summary>Queues a statement ahead of everything waiting (<see cref="WriteRows"/> says when that is allowed).</summary>
    private void AddFirst(string sql, params (string Name, object? Value)[] parameters) =>
        (_pending ??= new NpgsqlBatch(_connection)).BatchCommands.Insert(_beginWaits ? 1 : 0, Command(sql, parameters));

    private static NpgsqlBatchCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }
        return command;
    }

    /// <summary>One round trip: everything queued, in order; each reader gets its statement's result set.</summary>
    private void Send()
    {
        WriteRows();
        if (_pending is not { } batch)
        {
            return;
        }
        _pending = null;
        _beginWaits = false;
        var readers = _readers.ToArray();
        _readers.Clear();
        try
        {
            using (batch)
            {
                if (readers.Length == 0)
                {
                    batch.ExecuteNonQuery();
                    return;
                }
                // Statements without a result set (inserts, deletes) are skipped by the reader; each reader's statement has one.
                using var reader = batch.ExecuteReader();
                foreach (var read in readers)
                {
                    read(reader);
                    reader.NextResult();
                }
                while (reader.NextResult())
                {
                }
            }
        }
        catch (PostgresException e) when (_assumed && e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.LockNotAvailable)
        {
            // An assumption of TryAssume did not hold (or a conflict it would have asked about): the transaction is void.
            throw new StaleAssumptionException($"the store was not as assumed: {e.MessageText}", e);
        }
    }
}
