using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Npgsql;

namespace Bosun.Storage.Postgres;

/// <summary>
/// The writer's transaction on PostgreSQL: one pooled connection held for the batch (IWriteBatch says why it is
/// synchronous). Statements whose answer the writer does not need are not sent one by one: they wait in a pipeline that
/// goes out, in order, with the next statement that must answer, or with the commit (docs/architecture.md, "Round
/// trips"). An error in a waiting statement surfaces there and fails the whole batch, as an error at the statement would.
/// </summary>
public sealed partial class PostgresWriteBatch : IWriteBatch
{
    private readonly NpgsqlConnection _connection;
    private readonly PostgresWriterState _state;
    private bool _done;
    private Wakes _wakes;
    private readonly List<long> _outbox = [];
    private int _stored;

    /// <summary>What a commit wakes other replicas for.</summary>
    [Flags]
    internal enum Wakes
    {
        None = 0,
        Outbox = 1,
        Work = 2,
    }

    private PostgresWriteBatch(NpgsqlConnection connection, PostgresWriterState state, bool flush)
    {
        _connection = connection;
        _state = state;
        // BEGIN and COMMIT travel with the batch's first and last statements instead of in round trips of their own.
        Defer("BEGIN");
        _beginWaits = true;
        if (!flush)
        {
            // IStore.BeginWrite: the commit does not wait for its WAL flush; a later synchronous commit flushes it too.
            Defer("SET LOCAL synchronous_commit TO off");
        }
    }

    internal static PostgresWriteBatch Begin(NpgsqlDataSource source, PostgresWriterState state, bool flush) => new(source.OpenConnection(), state, flush);

    public string? FindContext(string source, string id)
    {
        if (_known.TryGetValue((source, id), out var known))
        {
            return known;
        }
        if (_expected.Contains((source, id)))
        {
            if (!_answered)
            {
                Send();
            }
            return _known.GetValueOrDefault((source, id));
        }
        return Query("SELECT context FROM events WHERE id = @id AND source = @source", r => r.Read() ? r.GetString(0) : null, ("source", source), ("id", id));
    }

    public string? FindSideTask(string id, string type, string notSource) => Query(
        "SELECT context FROM events WHERE id = @id AND type = @type AND source <> @engine LIMIT 1",
        r => r.Read() ? r.GetString(0) : null, ("id", id), ("type", type), ("engine", notSource));

    public long InsertEvent(KeptnEvent evt)
    {
        var seq = NextEventSeq();
        BufferEvent(seq, evt);
        _stored++;
        _known[(evt.Source, evt.Id)] = evt.KeptnContext;
        return seq;
    }

    /// <summary>Queued for the commit, which inserts a batch's outbox rows in one statement.</summary>
    public void AddToOutbox(long eventSeq)
    {
        _outbox.Add(eventSeq);
        _wakes |= Wakes.Outbox;
    }

    public void DeleteOutbox(long upToSeq) => Defer("DELETE FROM outbox WHERE seq <= @seq", ("seq", upToSeq));

    public void SaveExecution(SequenceExecution execution) => BufferExecution(execution);

    public void OpenTask(KeptnEvent triggered, long eventSeq) => Defer(
        """
        INSERT INTO open_tasks (triggeredid, type, project, stage, service, event_seq) VALUES (@id, @type, @project, @stage, @service, @seq)
        ON CONFLICT (triggeredid) DO UPDATE SET type = excluded.type, project = excluded.project, stage = excluded.stage,
          service = excluded.service, event_seq = excluded.event_seq
        """,
        ("id", triggered.Id), ("type", triggered.Type), ("project", triggered.Project), ("stage", triggered.Stage), ("service", triggered.Service), ("seq", eventSeq));

    public void CloseTask(string triggeredId) => Defer("DELETE FROM open_tasks WHERE triggeredid = @id", ("id", triggeredId));

    public void InsertProject(ProjectRecord project) => Execute("INSERT INTO projects (name, created, json) VALUES (@name, @created, @json)",
        ("name", project.Name), ("created", StoredValues.Ms(project.Created)), ("json", project.Details.ToJsonString()));

    public void UpdateProject(string name, JsonObject details) =>
        Execute("UPDATE projects SET json = @json WHERE name = @name", ("name", name), ("json", details.ToJsonString()));

    public void DeleteProject(string name)
    {
        foreach (var table in new[] { "projects WHERE name", "services WHERE project", "resources WHERE project", "sequences WHERE project", "contexts WHERE project", "open_tasks WHERE project", "events WHERE project", "project_settings WHERE project", "scopes WHERE project" })
        {
            Execute($"DELETE FROM {table} = @name", ("name", name));
        }
    }

    public void SetProjectSetting(string project, string name, string value) => Defer(
        "INSERT INTO project_settings (project, name, value) VALUES (@p, @n, @v) ON CONFLICT (project, name) DO UPDATE SET value = excluded.value",
        ("p", project), ("n", name), ("v", value));

    public void InsertService(ServiceRecord service) => Execute("INSERT INTO services (project, stage, name, created) VALUES (@p, @s, @n, @c)",
        ("p", service.Project), ("s", service.Stage), ("n", service.Name), ("c", StoredValues.Ms(service.Created)));

    public void DeleteService(string project, string name)
    {
        Execute("DELETE FROM services WHERE project = @p AND name = @n", ("p", project), ("n", name));
        Execute("DELETE FROM resources WHERE project = @p AND service = @n", ("p", project), ("n", name));
    }

    public long PutResource(string project, string stage, string service, string uri, byte[]? content, DateTimeOffset now) => Query(
        """
        INSERT INTO resources (project, stage, service, uri, version, content, created)
        SELECT @p, @s, @svc, @uri, COALESCE(MAX(version), 0) + 1, @content, @now FROM resources
        WHERE project = @p AND stage = @s AND service = @svc AND uri = @uri
        RETURNING version
        """,
        r => r.Read() ? r.GetInt64(0) : throw new InvalidOperationException("the resource insert returned no version"),
        ("p", project), ("s", stage), ("svc", service), ("uri", uri), ("content", content), ("now", StoredValues.Ms(now)));

    public void AddAudit(AuditRecord entry) => Defer(
        "INSERT INTO audit (time, token, action, target, project) VALUES (@time, @token, @action, @target, @project)",
        ("time", StoredValues.Ms(entry.Time)), ("token", entry.Token), ("action", entry.Action), ("target", entry.Target), ("project", entry.Project));

    public void Commit()
    {
        if (_outbox.Count > 0)
        {
            // The outbox rows in arrival order. Their numbers are taken under a lock held to the end of the transaction, so
            // replicas' outbox rows become visible in the order of their numbers and the dispatcher, reading past the last
            // row it took, can never skip one that commits late (docs/architecture.md, "The outbox across replicas").
            Defer($"INSERT INTO outbox (event_seq) SELECT s FROM (SELECT pg_advisory_xact_lock({PostgresStore.OutboxLock})) l, unnest(@seqs) s ORDER BY s",
                ("seqs", _outbox.ToArray()));
        }
        if (_wakes != Wakes.None)
        {
            // The wake-up reaches every listening replica when (and only if) this commits (docs/architecture.md, "Wake-ups").
            Defer($"NOTIFY {PostgresStore.WakeChannel}, '{_wakes}'");
        }
        // The next batch's event numbers travel with this commit, so that batch needs no round trip for them.
        ReserveSeqsFor(_stored);
        Defer("COMMIT");
        Send();
        _done = true;
    }

    public void Dispose()
    {
        _pending?.Dispose();
        if (!_done && !_beginWaits)
        {
            try
            {
                using var rollback = new NpgsqlCommand("ROLLBACK", _connection);
                rollback.ExecuteNonQuery();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // The connection is broken: the server ends the transaction with it, and the pool does not reuse it.
            }
        }
        _connection.Dispose();
    }
}
