using System.Globalization;
using System.Text;
using Bosun.Core.Events;
using Microsoft.Data.Sqlite;

namespace Bosun.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>Events matching every given filter, newest first; each filter is served by an index.</summary>
    internal Page<KeptnEvent> QueryEvents(EventQuery query) => Typed(QueryEventsJson(query));

    /// <summary>As <see cref="QueryEvents"/>, each event as the JSON it is stored as (its wire form).</summary>
    internal Page<string> QueryEventsJson(EventQuery query)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        var where = EventFilter(command, query);
        var total = -1;
        if (query.CountTotal)
        {
            command.CommandText = $"SELECT COUNT(*) FROM events WHERE {where}";
            total = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        command.CommandText = $"SELECT json FROM events WHERE {where} ORDER BY seq DESC LIMIT $limit OFFSET $offset";
        command.Parameters.AddWithValue("$limit", query.PageSize);
        command.Parameters.AddWithValue("$offset", query.Offset);
        return Page<string>.From(ReadStrings(command), total, query.Offset, query.PageSize);
    }

    internal IReadOnlyList<EventHead> ReadEventHeads(long after, IReadOnlyCollection<long> alsoSeqs, int limit)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        // One writer commits in seq order here, so nothing can appear below a seq already read; alsoSeqs are read anyway.
        var also = string.Join(", ", alsoSeqs.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        command.CommandText = $"SELECT seq, type, context, project, stage, service FROM events WHERE seq > $after{(also.Length == 0 ? "" : $" OR seq IN ({also})")} ORDER BY seq LIMIT $limit";
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var heads = new List<EventHead>();
        while (reader.Read())
        {
            heads.Add(new EventHead(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return heads;
    }

    internal long MaxEventSeq()
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM events";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Only the ids of the events a query matches, newest first (no JSON read back).</summary>
    internal IReadOnlyList<string> QueryEventIds(EventQuery query)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        var where = EventFilter(command, query);
        command.CommandText = $"SELECT id FROM events WHERE {where} ORDER BY seq DESC LIMIT $limit OFFSET $offset";
        command.Parameters.AddWithValue("$limit", query.PageSize);
        command.Parameters.AddWithValue("$offset", query.Offset);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    /// <summary>SQLite's plan for an event query, so tests can check that it reads an index rather than the table.</summary>
    internal string ExplainEventQuery(EventQuery query)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        var where = EventFilter(command, query);
        command.CommandText = $"EXPLAIN QUERY PLAN SELECT json FROM events WHERE {where} ORDER BY seq DESC LIMIT 20";
        using var reader = command.ExecuteReader();
        var plan = new StringBuilder();
        while (reader.Read())
        {
            plan.AppendLine(reader.GetString(3));
        }
        return plan.ToString();
    }

    private static string EventFilter(SqliteCommand command, EventQuery query)
    {
        var where = new StringBuilder("1 = 1");
        // An event's id, or the task it answers, picks out a row or two. SQLite has no statistics here: given a type
        // beside it, it would walk ix_events_type instead (every event of that type, a row lookup each), so the other
        // columns' terms are kept off their indexes (a unary plus).
        var pinned = !string.IsNullOrEmpty(query.EventId) || !string.IsNullOrEmpty(query.TriggeredId);
        foreach (var (column, value) in query.Equalities)
        {
            var name = "$" + column;
            var term = pinned && column is not ("id" or "source" or "triggeredid") ? "+" + column : column;
            where.Append(CultureInfo.InvariantCulture, $" AND {term} = {name}");
            command.Parameters.AddWithValue(name, value);
        }
        if (query.FromTime is { } from)
        {
            where.Append(" AND time >= $from");
            command.Parameters.AddWithValue("$from", Ms(from));
        }
        if (query.BeforeTime is { } before)
        {
            where.Append(" AND time < $before");
            command.Parameters.AddWithValue("$before", Ms(before));
        }
        if (query.Results is { Count: > 0 } results)
        {
            where.Append(" AND json_extract(json, '$.data.result') IN (")
                .AppendJoin(", ", results.Select((_, i) => $"$r{i}")).Append(')');
            for (var i = 0; i < results.Count; i++)
            {
                command.Parameters.AddWithValue($"$r{i}", results[i]);
            }
        }
        if (query.ExcludeInvalidated)
        {
            where.Append(" AND NOT EXISTS (SELECT 1 FROM events inv WHERE events.triggeredid IS NOT NULL AND inv.triggeredid = events.triggeredid AND inv.type LIKE 'sh.keptn.event.%.invalidated')");
        }
        return where.ToString();
    }

    /// <summary>Open task <c>.triggered</c> events of one type, oldest first, as executors poll for them.</summary>
    internal Page<KeptnEvent> QueryOpenTasks(OpenTaskQuery query) => Typed(QueryOpenTasksJson(query));

    /// <summary>As <see cref="QueryOpenTasks"/>, each event as its stored JSON.</summary>
    internal Page<string> QueryOpenTasksJson(OpenTaskQuery query)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        var where = new StringBuilder("o.type = $type");
        command.Parameters.AddWithValue("$type", query.Type);
        foreach (var (column, value) in new[] { ("project", query.Project), ("stage", query.Stage), ("service", query.Service), ("triggeredid", query.EventId) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                where.Append(CultureInfo.InvariantCulture, $" AND o.{column} = ${column}");
                command.Parameters.AddWithValue("$" + column, value);
            }
        }
        command.CommandText = $"SELECT COUNT(*) FROM open_tasks o WHERE {where}";
        var total = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        command.CommandText = $"SELECT e.json FROM open_tasks o JOIN events e ON e.seq = o.event_seq WHERE {where} ORDER BY o.event_seq LIMIT $limit OFFSET $offset";
        command.Parameters.AddWithValue("$limit", query.PageSize);
        command.Parameters.AddWithValue("$offset", query.Offset);
        return Page<string>.From(ReadStrings(command), total, query.Offset, query.PageSize);
    }

    /// <summary>The newest event of each type for one service in one stage (Keptn's <c>lastEventTypes</c>).</summary>
    internal IReadOnlyList<LatestEvent> LatestEventsByType(string project, string stage, string service)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = LatestByTypeSql;
        command.Parameters.AddWithValue("$p", project);
        command.Parameters.AddWithValue("$s", stage);
        command.Parameters.AddWithValue("$svc", service);
        using var reader = command.ExecuteReader();
        var list = new List<LatestEvent>();
        while (reader.Read())
        {
            list.Add(StoredValues.LatestEvent(reader));
        }
        return list;
    }

    /// <summary>SQLite's <c>json_extract</c> answers a string as text (other JSON values as other types, or JSON text).</summary>
    internal static readonly string LatestByTypeSql = SharedSql.LatestByType.Replace("@", "$", StringComparison.Ordinal).Replace("{image}", """
        CASE WHEN json_type(e.json, '$.data.labels.image') = 'text' THEN json_extract(e.json, '$.data.labels.image')
             WHEN json_type(e.json, '$.data.configurationChange.values.image') = 'text' THEN json_extract(e.json, '$.data.configurationChange.values.image') END
        """, StringComparison.Ordinal);

    /// <summary>Pending outbox rows in order, after <paramref name="after"/>: (outbox sequence number, event).</summary>
    internal IReadOnlyList<OutboxRow> ReadOutbox(int limit, long after = 0)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT o.seq, o.event_seq, e.json FROM outbox o JOIN events e ON e.seq = o.event_seq WHERE o.seq > $after ORDER BY o.seq LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$after", after);
        using var reader = command.ExecuteReader();
        var list = new List<OutboxRow>();
        while (reader.Read())
        {
            list.Add(new OutboxRow(reader.GetInt64(0), reader.GetInt64(1), ReadEvent(reader.GetString(2))));
        }
        return list;
    }

    private static Page<KeptnEvent> Typed(Page<string> page) =>
        new(page.Items.Select(ReadEvent).ToList(), page.TotalCount, page.PageSize, page.NextPageKey);

    /// <summary>The first column of every row, as text (events' JSON, names).</summary>
    private static List<string> ReadStrings(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read())
        {
            list.Add(reader.GetString(0));
        }
        return list;
    }

    private static List<KeptnEvent> ReadEvents(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var list = new List<KeptnEvent>();
        while (reader.Read())
        {
            list.Add(ReadEvent(reader.GetString(0)));
        }
        return list;
    }
}
