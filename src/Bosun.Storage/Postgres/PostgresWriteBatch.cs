using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Npgsql;

namespace Bosun.Storage.Postgres;

/// <summary>The writer's transaction on PostgreSQL: one pooled connection held for the batch (IWriteBatch says why it is synchronous).</summary>
public sealed partial class PostgresWriteBatch : IWriteBatch
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private bool _done;
    private Wakes _wakes;
    private readonly List<long> _outbox = [];

    /// <summary>What a commit wakes other replicas for.</summary>
    [Flags]
    internal enum Wakes
    {
        None = 0,
        Outbox = 1,
        Work = 2,
    }

    private PostgresWriteBatch(NpgsqlConnection connection)
    {
        _connection = connection;
        _transaction = connection.BeginTransaction();
    }

    internal static PostgresWriteBatch Begin(NpgsqlDataSource source) => new(source.OpenConnection());

    public string? FindContext(string source, string id) =>
        Scalar("SELECT context FROM events WHERE id = @id AND source = @source", ("source", source), ("id", id)) as string;

    public string? FindSideTask(string id, string type, string notSource) =>
        Scalar("SELECT context FROM events WHERE id = @id AND type = @type AND source <> @engine LIMIT 1", ("id", id), ("type", type), ("engine", notSource)) as string;

    public long InsertEvent(KeptnEvent evt) => (long)Scalar(
        """
        INSERT INTO events (id, source, type, context, triggeredid, project, stage, service, time, json)
        VALUES (@id, @source, @type, @context, @triggeredid, @project, @stage, @service, @time, @json)
        RETURNING seq
        """,
        ("id", evt.Id), ("source", evt.Source), ("type", evt.Type), ("context", evt.KeptnContext), ("triggeredid", evt.TriggeredId),
        ("project", evt.Project), ("stage", evt.Stage), ("service", evt.Service), ("time", StoredValues.Ms(evt.Time)), ("json", StoredValues.Json(evt)))!;

    /// <summary>Queued for the commit, which inserts a batch's outbox rows in one statement (each statement is a round trip).</summary>
    public void AddToOutbox(long eventSeq)
    {
        _outbox.Add(eventSeq);
        _wakes |= Wakes.Outbox;
    }

    public int DeleteOutbox(long upToSeq) => Execute("DELETE FROM outbox WHERE seq <= @seq", ("seq", upToSeq));

    public void SaveExecution(SequenceExecution execution)
    {
        Execute(
            """
            INSERT INTO sequences (id, context, project, stage, service, name, state, active, ord, triggered_at, json, due_at)
            VALUES (@id, @context, @project, @stage, @service, @name, @state, @active, @ord, @at, @json, @due)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, active = excluded.active, json = excluded.json, due_at = excluded.due_at
            """,
            ("id", execution.Id), ("context", execution.KeptnContext), ("project", execution.Project), ("stage", execution.Stage),
            ("service", execution.Service), ("name", execution.Sequence), ("state", execution.State.ToWire()), ("active", execution.IsActive ? 1 : 0),
            ("ord", execution.Order), ("at", StoredValues.Ms(execution.TriggeredAt)), ("json", ExecutionJson.Write(execution)),
            ("due", SequenceEngine.DueAt(execution) is { } due ? StoredValues.Ms(due) : (long?)null));
        Execute(
            """
            INSERT INTO contexts (context, project, name, service, time, ord) VALUES (@context, @project, @name, @service, @at, @ord)
            ON CONFLICT DO NOTHING
            """,
            ("context", execution.KeptnContext), ("project", execution.Project), ("name", execution.Sequence), ("service", execution.Service),
            ("at", StoredValues.Ms(execution.TriggeredAt)), ("ord", execution.Order));
    }

    public void OpenTask(KeptnEvent triggered, long eventSeq) => Execute(
        """
        INSERT INTO open_tasks (triggeredid, type, project, stage, service, event_seq) VALUES (@id, @type, @project, @stage, @service, @seq)
        ON CONFLICT (triggeredid) DO UPDATE SET type = excluded.type, project = excluded.project, stage = excluded.stage,
          service = excluded.service, event_seq = excluded.event_seq
        """,
        ("id", triggered.Id), ("type", triggered.Type), ("project", triggered.Project), ("stage", triggered.Stage), ("service", triggered.Service), ("seq", eventSeq));

    public void CloseTask(string triggeredId) => Execute("DELETE FROM open_tasks WHERE triggeredid = @id", ("id", triggeredId));

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

    public void SetProjectSetting(string project, string name, string value) => Execute(
        "INSERT INTO project_settings (project, name, value) VALUES (@p, @n, @v) ON CONFLICT (project, name) DO UPDATE SET value = excluded.value",
        ("p", project), ("n", name), ("v", value));

    public void InsertService(ServiceRecord service) => Execute("INSERT INTO services (project, stage, name, created) VALUES (@p, @s, @n, @c)",
        ("p", service.Project), ("s", service.Stage), ("n", service.Name), ("c", StoredValues.Ms(service.Created)));

    public void DeleteService(string project, string name)
    {
        Execute("DELETE FROM services WHERE project = @p AND name = @n", ("p", project), ("n", name));
        Execute("DELETE FROM resources WHERE project = @p AND service = @n", ("p", project), ("n", name));
    }

    public long PutResource(string project, string stage, string service, string uri, byte[]? content, DateTimeOffset now) => (long)Scalar(
        """
        INSERT INTO resources (project, stage, service, uri, version, content, created)
        SELECT @p, @s, @svc, @uri, COALESCE(MAX(version), 0) + 1, @content, @now FROM resources
        WHERE project = @p AND stage = @s AND service = @svc AND uri = @uri
        RETURNING version
        """,
        ("p", project), ("s", stage), ("svc", service), ("uri", uri), ("content", content), ("now", StoredValues.Ms(now)))!;

    public void Commit()
    {
        // The outbox rows in arrival order, and the wake-up, delivered to every listening replica when (and only if) this
        // commits (docs/architecture.md, "Wake-ups"): one round trip.
        var notify = _wakes == Wakes.None ? string.Empty : $"NOTIFY {PostgresStore.WakeChannel}, '{_wakes}'";
        if (_outbox.Count > 0)
        {
            Execute($"INSERT INTO outbox (event_seq) SELECT unnest(@seqs) ORDER BY 1; {notify}", ("seqs", _outbox.ToArray()));
        }
        else if (notify.Length > 0)
        {
            Execute(notify);
        }
        _transaction.Commit();
        _done = true;
    }

    public void Dispose()
    {
        if (!_done)
        {
            _transaction.Rollback();
        }
        _transaction.Dispose();
        _connection.Dispose();
    }

    private NpgsqlCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, _connection, _transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }
        return command;
    }

    private int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }
}
