using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Microsoft.Data.Sqlite;

namespace Bosun.Storage.Sqlite;

/// <summary>One write transaction: inbound events, execution changes, emitted events and their outbox rows commit together.</summary>
public sealed partial class SqliteWriteBatch : IWriteBatch
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _prepared;
    private readonly SqliteTransaction _transaction;
    private bool _done;

    internal SqliteWriteBatch(SqliteConnection connection, Dictionary<string, SqliteCommand> prepared)
    {
        _connection = connection;
        _prepared = prepared;
        _transaction = connection.BeginTransaction(deferred: false);
    }

    /// <summary>The context of an event already stored with this source and id (DESIGN decision 1), or null.</summary>
    public string? FindContext(string source, string id) =>
        Scalar("SELECT context FROM events WHERE id = $id AND source = $source", ("$source", source), ("$id", id)) as string;

    /// <summary>
    /// The context of a stored <c>.triggered</c> event of <paramref name="type"/> with this id that a source other
    /// than <paramref name="notSource"/> sent (a task an integration started outside any sequence), or null.
    /// </summary>
    public string? FindSideTask(string id, string type, string notSource) =>
        Scalar(FindSideTaskSql, ("$id", id), ("$type", type), ("$engine", notSource)) as string;

    /// <summary>
    /// By the event's id (<c>ux_events_id_source</c>): the unary plus keeps SQLite, which has no statistics here, from
    /// choosing <c>ix_events_type</c> instead, which read every event of that type, a row lookup each, inside the writer's
    /// transaction for every answer to a task (a soak's commits slowed from 20 to 13 sequences/s within an hour).
    /// </summary>
    internal const string FindSideTaskSql = "SELECT context FROM events WHERE id = $id AND +type = $type AND source <> $engine LIMIT 1";

    /// <summary>Stores an event and returns its sequence number in the store.</summary>
    public long InsertEvent(KeptnEvent evt)
    {
        return (long)Scalar(
            """
            INSERT INTO events (id, source, type, context, triggeredid, project, stage, service, time, json)
            VALUES ($id, $source, $type, $context, $triggeredid, $project, $stage, $service, $time, $json)
            RETURNING seq
            """,
            ("$id", evt.Id), ("$source", evt.Source), ("$type", evt.Type), ("$context", evt.KeptnContext),
            ("$triggeredid", evt.TriggeredId), ("$project", evt.Project), ("$stage", evt.Stage), ("$service", evt.Service),
            ("$time", SqliteStore.Ms(evt.Time)), ("$json", StoredValues.Json(evt)))!;
    }

    /// <summary>Removes outbox rows every subscriber has taken.</summary>
    public void DeleteOutbox(long upToSeq) => Execute("DELETE FROM outbox WHERE seq <= $seq", ("$seq", upToSeq));

    public void AddToOutbox(long eventSeq) => Execute("INSERT INTO outbox (event_seq) VALUES ($seq)", ("$seq", eventSeq));

    public void SaveExecution(SequenceExecution execution)
    {
        var (delivered, failed) = DeliveryFacts.Of(execution);
        Execute(
            """
            INSERT INTO sequences (id, context, project, stage, service, name, state, active, ord, triggered_at, json, result, labels, delivered_at, failed_at, finished_at, facts)
            VALUES ($id, $context, $project, $stage, $service, $name, $state, $active, $ord, $at, $json, $result, $labels, $delivered, $failed, $finished, 1)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, active = excluded.active, json = excluded.json, result = excluded.result,
              delivered_at = excluded.delivered_at, failed_at = excluded.failed_at, finished_at = excluded.finished_at, facts = 1
            """,
            ("$id", execution.Id), ("$context", execution.KeptnContext), ("$project", execution.Project),
            ("$stage", execution.Stage), ("$service", execution.Service), ("$name", execution.Sequence),
            ("$state", execution.State.ToWire()), ("$active", execution.IsActive ? 1 : 0), ("$ord", execution.Order),
            ("$at", SqliteStore.Ms(execution.TriggeredAt)), ("$json", ExecutionJson.Write(execution)),
            ("$result", execution.Result), ("$labels", SequenceLabels.Encode(execution)),
            ("$delivered", delivered is { } d ? SqliteStore.Ms(d) : null), ("$failed", failed is { } f ? SqliteStore.Ms(f) : null),
            ("$finished", execution.FinishedAt is { } e ? SqliteStore.Ms(e) : null));
        Execute(
            """
            INSERT OR IGNORE INTO contexts (context, project, name, service, time, ord)
            VALUES ($context, $project, $name, $service, $at, $ord)
            """,
            ("$context", execution.KeptnContext), ("$project", execution.Project), ("$name", execution.Sequence),
            ("$service", execution.Service), ("$at", SqliteStore.Ms(execution.TriggeredAt)), ("$ord", execution.Order));
    }

    public void OpenTask(KeptnEvent triggered, long eventSeq) => Execute(
        """
        INSERT OR REPLACE INTO open_tasks (triggeredid, type, project, stage, service, event_seq)
        VALUES ($id, $type, $project, $stage, $service, $seq)
        """,
        ("$id", triggered.Id), ("$type", triggered.Type), ("$project", triggered.Project), ("$stage", triggered.Stage),
        ("$service", triggered.Service), ("$seq", eventSeq));

    public void CloseTask(string triggeredId) => Execute("DELETE FROM open_tasks WHERE triggeredid = $id", ("$id", triggeredId));

    public void Commit()
    {
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
    }

    /// <summary>The writer's statements are prepared once and kept for the life of its connection.</summary>
    private SqliteCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _prepared[sql] = command;
        }
        command.Transaction = _transaction;
        // A statement is run with the same parameters each time: their values are replaced, not the parameter objects
        // (new ones for every statement of every batch were a tenth of what the writer allocated).
        var bound = command.Parameters;
        if (!SameNames(bound, parameters))
        {
            bound.Clear();
            foreach (var (name, _) in parameters)
            {
                bound.Add(new SqliteParameter { ParameterName = name });
            }
        }
        for (var i = 0; i < parameters.Length; i++)
        {
            bound[i].Value = parameters[i].Value ?? DBNull.Value;
        }
        return command;
    }

    private static bool SameNames(SqliteParameterCollection bound, (string Name, object? Value)[] parameters)
    {
        if (bound.Count != parameters.Length)
        {
            return false;
        }
        for (var i = 0; i < parameters.Length; i++)
        {
            if (bound[i].ParameterName != parameters[i].Name)
            {
                return false;
            }
        }
        return true;
    }

    private int Execute(string sql, params (string Name, object? Value)[] parameters) =>
        Command(sql, parameters).ExecuteNonQuery();

    private object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        var value = Command(sql, parameters).ExecuteScalar();
        return value is DBNull ? null : value;
    }
}
