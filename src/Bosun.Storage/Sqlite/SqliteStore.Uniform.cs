using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Bosun.Storage.Sqlite;

public sealed partial class SqliteStore
{
    internal void SaveIntegration(IntegrationRecord integration)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO integrations (id, name, lastseen, json) VALUES ($id, $name, $seen, $json)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, lastseen = excluded.lastseen, json = excluded.json
            """;
        command.Parameters.AddWithValue("$id", integration.Id);
        command.Parameters.AddWithValue("$name", integration.Name);
        command.Parameters.AddWithValue("$seen", Ms(integration.LastSeen));
        command.Parameters.AddWithValue("$json", integration.Body.ToJsonString());
        command.ExecuteNonQuery();
    }

    internal IReadOnlyList<IntegrationRecord> ListIntegrations()
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, lastseen, json FROM integrations ORDER BY name, id";
        using var reader = command.ExecuteReader();
        var list = new List<IntegrationRecord>();
        while (reader.Read())
        {
            list.Add(new IntegrationRecord(reader.GetString(0), reader.GetString(1), FromMs(reader.GetInt64(2)), (JsonObject)JsonNode.Parse(reader.GetString(3))!));
        }
        return list;
    }

    internal bool DeleteIntegration(string id)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM integrations WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteNonQuery() > 0;
    }

    internal void AddLogs(IEnumerable<LogRecord> entries)
    {
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        foreach (var (integrationId, time, entry) in entries)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO logs (integrationid, time, json) VALUES ($i, $t, $j)";
            command.Parameters.AddWithValue("$i", integrationId);
            command.Parameters.AddWithValue("$t", Ms(time));
            command.Parameters.AddWithValue("$j", entry.ToJsonString());
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    internal int DeleteLogs(LogQuery query)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM logs WHERE {LogWhere(command, query)}";
        return command.ExecuteNonQuery();
    }

    private static string LogWhere(SqliteCommand command, LogQuery query)
    {
        var where = "1 = 1";
        if (!string.IsNullOrEmpty(query.IntegrationId))
        {
            where += " AND integrationid = $i";
            command.Parameters.AddWithValue("$i", query.IntegrationId);
        }
        if (query.FromTime is { } from)
        {
            where += " AND time >= $from";
            command.Parameters.AddWithValue("$from", Ms(from));
        }
        if (query.BeforeTime is { } before)
        {
            where += " AND time < $before";
            command.Parameters.AddWithValue("$before", Ms(before));
        }
        return where;
    }

    internal Page<JsonObject> QueryLogs(LogQuery query)
    {
        var (offset, pageSize) = (query.Offset, query.PageSize);
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        var where = LogWhere(command, query);
        command.CommandText = $"SELECT COUNT(*) FROM logs WHERE {where}";
        var total = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        command.CommandText = $"SELECT json FROM logs WHERE {where} ORDER BY seq DESC LIMIT $limit OFFSET $offset";
        command.Parameters.AddWithValue("$limit", pageSize);
        command.Parameters.AddWithValue("$offset", offset);
        using var reader = command.ExecuteReader();
        var list = new List<JsonObject>();
        while (reader.Read())
        {
            list.Add((JsonObject)JsonNode.Parse(reader.GetString(0))!);
        }
        return Page<JsonObject>.From(list, total, offset, pageSize);
    }
}
