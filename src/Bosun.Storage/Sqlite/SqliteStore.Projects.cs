using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.Core.Sequences;
using Microsoft.Data.Sqlite;

namespace Bosun.Storage.Sqlite;

public sealed partial class SqliteStore
{
    internal Page<ProjectRecord> ListProjects(int offset, int pageSize)
    {
        using var connection = OpenConnection();
        var total = Count(connection, "SELECT COUNT(*) FROM projects");
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, created, json FROM projects ORDER BY name LIMIT $limit OFFSET $offset";
        command.Parameters.AddWithValue("$limit", pageSize);
        command.Parameters.AddWithValue("$offset", offset);
        using var reader = command.ExecuteReader();
        var list = new List<ProjectRecord>();
        while (reader.Read())
        {
            list.Add(new ProjectRecord(reader.GetString(0), FromMs(reader.GetInt64(1)), (JsonObject)JsonNode.Parse(reader.GetString(2))!));
        }
        return Page<ProjectRecord>.From(list, total, offset, pageSize);
    }

    internal ProjectRecord? GetProject(string name)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, created, json FROM projects WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new ProjectRecord(reader.GetString(0), FromMs(reader.GetInt64(1)), (JsonObject)JsonNode.Parse(reader.GetString(2))!)
            : null;
    }

    /// <summary>A project setting, or null when it was never set.</summary>
    internal string? GetProjectSetting(string project, string name)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM project_settings WHERE project = $p AND name = $n";
        command.Parameters.AddWithValue("$p", project);
        command.Parameters.AddWithValue("$n", name);
        return command.ExecuteScalar() as string;
    }

    internal IReadOnlyList<ServiceRecord> ListServices(string? project = null)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = project is null
            ? "SELECT project, stage, name, created FROM services ORDER BY project, stage, name"
            : "SELECT project, stage, name, created FROM services WHERE project = $p ORDER BY stage, name";
        command.Parameters.AddWithValue("$p", project ?? string.Empty);
        using var reader = command.ExecuteReader();
        var list = new List<ServiceRecord>();
        while (reader.Read())
        {
            list.Add(new ServiceRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), FromMs(reader.GetInt64(3))));
        }
        return list;
    }

    /// <summary>The newest version of a file (or the given one); null when absent or deleted.</summary>
    internal ResourceRecord? GetResource(string project, string stage, string service, string uri, long? version = null)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = version is null
            ? "SELECT version, content, created FROM resources WHERE project = $p AND stage = $s AND service = $svc AND uri = $uri ORDER BY version DESC LIMIT 1"
            : "SELECT version, content, created FROM resources WHERE project = $p AND stage = $s AND service = $svc AND uri = $uri AND version = $v";
        command.Parameters.AddWithValue("$p", project);
        command.Parameters.AddWithValue("$s", stage);
        command.Parameters.AddWithValue("$svc", service);
        command.Parameters.AddWithValue("$uri", uri);
        command.Parameters.AddWithValue("$v", version ?? 0);
        using var reader = command.ExecuteReader();
        if (!reader.Read() || reader.IsDBNull(1))
        {
            return null;
        }
        return new ResourceRecord(project, stage, service, uri, reader.GetInt64(0), (byte[])reader[1], FromMs(reader.GetInt64(2)));
    }

    /// <summary>The newest version of every file at one level, by URI.</summary>
    internal Page<ResourceRecord> ListResources(string project, string stage, string service, int offset, int pageSize)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        const string latest = """
            FROM resources r WHERE project = $p AND stage = $s AND service = $svc AND content IS NOT NULL
              AND version = (SELECT MAX(version) FROM resources x WHERE x.project = r.project AND x.stage = r.stage AND x.service = r.service AND x.uri = r.uri)
            """;
        command.Parameters.AddWithValue("$p", project);
        command.Parameters.AddWithValue("$s", stage);
        command.Parameters.AddWithValue("$svc", service);
        command.CommandText = $"SELECT COUNT(*) {latest}";
        var total = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        command.CommandText = $"SELECT uri, version, content, created {latest} ORDER BY uri LIMIT $limit OFFSET $offset";
        command.Parameters.AddWithValue("$limit", pageSize);
        command.Parameters.AddWithValue("$offset", offset);
        using var reader = command.ExecuteReader();
        var list = new List<ResourceRecord>();
        while (reader.Read())
        {
            list.Add(new ResourceRecord(project, stage, service, reader.GetString(0), reader.GetInt64(1), (byte[])reader[2], FromMs(reader.GetInt64(3))));
        }
        return Page<ResourceRecord>.From(list, total, offset, pageSize);
    }

    internal bool ContextExists(string project, string keptnContext)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM contexts WHERE project = $p AND context = $c";
        command.Parameters.AddWithValue("$p", project);
        command.Parameters.AddWithValue("$c", keptnContext);
        return command.ExecuteScalar() is not null;
    }

    /// <summary>The contexts of a project, newest first, each with its executions (the sequence-state view).</summary>
    internal Page<ContextRecord> QueryContexts(ContextQuery query)
    {
        var (project, contexts, name, fromTime, beforeTime, offset, pageSize) =
            (query.Project, query.Contexts, query.Name, query.FromTime, query.BeforeTime, query.Offset, query.PageSize);
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        var where = "project = $p";
        command.Parameters.AddWithValue("$p", project);
        if (contexts is { Count: > 0 })
        {
            where += " AND context IN (" + string.Join(", ", contexts.Select((_, i) => $"$c{i}")) + ")";
            for (var i = 0; i < contexts.Count; i++)
            {
                command.Parameters.AddWithValue($"$c{i}", contexts[i]);
            }
        }
        if (!string.IsNullOrEmpty(name))
        {
            where += " AND name = $name";
            command.Parameters.AddWithValue("$name", name);
        }
        if (fromTime is { } from)
        {
            where += " AND time >= $from";
            command.Parameters.AddWithValue("$from", Ms(from));
        }
        if (beforeTime is { } before)
        {
            where += " AND time < $before";
            command.Parameters.AddWithValue("$before", Ms(before));
        }
        command.CommandText = $"SELECT COUNT(*) FROM contexts WHERE {where}";
        var total = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        command.CommandText = $"SELECT context, name, service, time FROM contexts WHERE {where} ORDER BY ord DESC LIMIT $limit OFFSET $offset";
        command.Parameters.AddWithValue("$limit", pageSize);
        command.Parameters.AddWithValue("$offset", offset);
        var rows = new List<(string Context, string Name, string Service, long Time)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
            }
        }
        var list = rows.Select(r => new ContextRecord(r.Context, project, r.Name, r.Service, FromMs(r.Time), ExecutionsOf(connection, r.Context))).ToList();
        return Page<ContextRecord>.From(list, total, offset, pageSize);
    }

    internal Page<SequenceExecution> QuerySequences(SequenceQuery query)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        var (where, parameters) = query.Sql('$', "instr");
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue("$" + name, value);
        }
        command.CommandText = $"SELECT COUNT(*) FROM sequences WHERE {where}";
        var total = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        var (after, orderBy) = query.CursorSql('$');
        command.CommandText = $"SELECT json FROM sequences WHERE {where}{after} ORDER BY {orderBy} LIMIT $limit OFFSET $offset";
        if (query.Cursor is { } cursor)
        {
            command.Parameters.AddWithValue("$co", cursor.Order);
            command.Parameters.AddWithValue("$ci", cursor.Id);
        }
        command.Parameters.AddWithValue("$limit", query.Cursor is null ? query.PageSize : query.PageSize + 1);
        command.Parameters.AddWithValue("$offset", query.Cursor is null ? query.Offset : 0);
        return query.PageOf(ReadExecutions(command), total);
    }

    internal IReadOnlyList<SequenceExecution> LatestSequences(string project, string? state, IReadOnlyList<string> results)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        var inResults = results.Count == 0 ? "" : $" AND result IN ({string.Join(", ", results.Select((_, i) => $"$r{i}"))})";
        // CROSS JOIN keeps SQLite's join order: the groups (from the covering scope index) first, then one row each by
        // its scope and ord; the planner's own order read every row of the project (10x slower with 10,000).
        command.CommandText = $"""
            SELECT s.json FROM (SELECT stage, service, MAX(ord) AS ord FROM sequences WHERE project = $p{(state is null ? "" : " AND state = $state")}{inResults} GROUP BY stage, service) m
            CROSS JOIN sequences s ON s.project = $p AND s.stage = m.stage AND s.service = m.service AND s.ord = m.ord
            """;
        command.Parameters.AddWithValue("$p", project);
        if (state is not null)
        {
            command.Parameters.AddWithValue("$state", state);
        }
        for (var i = 0; i < results.Count; i++)
        {
            command.Parameters.AddWithValue($"$r{i}", results[i]);
        }
        return ReadExecutions(command);
    }

    internal IReadOnlyList<string> ListSequenceServices(string project, string stage)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = SequenceServicesSql;
        command.Parameters.AddWithValue("$p", project);
        command.Parameters.AddWithValue("$s", stage);
        return ReadStrings(command);
    }

    internal static readonly string SequenceServicesSql = SharedSql.SequenceServices.Replace("@", "$", StringComparison.Ordinal);

    internal IReadOnlyList<SequenceFacts> QuerySequenceFacts(SequenceQuery query)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        var where = new StringBuilder("project = $p");
        command.Parameters.AddWithValue("$p", query.Project);
        foreach (var (column, value) in new[] { ("stage", query.Stage), ("service", query.Service) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                where.Append(CultureInfo.InvariantCulture, $" AND {column} = ${column}");
                command.Parameters.AddWithValue("$" + column, value);
            }
        }
        if (query.From is { } from)
        {
            where.Append(" AND triggered_at >= $from");
            command.Parameters.AddWithValue("$from", Ms(from));
        }
        command.CommandText = $"""
            SELECT context, service, name, triggered_at, labels, delivered_at, failed_at, finished_at, result, CASE WHEN facts IS NULL THEN json END
            FROM sequences WHERE {where} ORDER BY ord
            """;
        var facts = new List<SequenceFacts>();
        using var reader = command.ExecuteReader();
        long? Long(int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);
        while (reader.Read())
        {
            facts.Add(reader.IsDBNull(9)
                ? SequenceFacts.FromColumns(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), Long(5), Long(6), Long(7), reader.IsDBNull(8) ? null : reader.GetString(8))
                : SequenceFacts.Of(ExecutionJson.Read(reader.GetString(9))));
        }
        return facts;
    }

    private static List<SequenceExecution> ExecutionsOf(SqliteConnection connection, string context)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM sequences WHERE context = $c ORDER BY ord";
        command.Parameters.AddWithValue("$c", context);
        return ReadExecutions(command);
    }

    /// <summary>The executions a command's first column holds as JSON, in its order.</summary>
    private static List<SequenceExecution> ReadExecutions(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var list = new List<SequenceExecution>();
        while (reader.Read())
        {
            list.Add(ExecutionJson.Read(reader.GetString(0)));
        }
        return list;
    }

    private static int Count(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
