using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Bosun.Storage.Sqlite;

/// <summary>Named tokens and the audit trail (DESIGN §8): each change commits with its audit entry.</summary>
public sealed partial class SqliteStore
{
    private const string TokenColumns = "name, role, projects, hash, created";

    public Task<bool> AddTokenAsync(TokenRecord token, AuditRecord audit, CancellationToken cancellationToken = default) =>
        Task.FromResult(Audited(audit, (connection, transaction) => Run(connection, transaction,
            "INSERT OR IGNORE INTO tokens (name, role, projects, hash, created) VALUES ($name, $role, $projects, $hash, $created)",
            ("$name", token.Name), ("$role", token.Role), ("$projects", Projects(token.Projects)), ("$hash", token.Hash),
            ("$created", Ms(token.Created))) > 0));

    public Task<bool> RotateTokenAsync(string name, byte[] hash, AuditRecord audit, CancellationToken cancellationToken = default) =>
        Task.FromResult(Audited(audit, (connection, transaction) =>
            Run(connection, transaction, "UPDATE tokens SET hash = $hash WHERE name = $name", ("$name", name), ("$hash", hash)) > 0));

    public Task<bool> DeleteTokenAsync(string name, AuditRecord audit, CancellationToken cancellationToken = default) =>
        Task.FromResult(Audited(audit, (connection, transaction) =>
            Run(connection, transaction, "DELETE FROM tokens WHERE name = $name", ("$name", name)) > 0));

    public Task<IReadOnlyList<TokenRecord>> ListTokensAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TokenRecord>>(ReadTokens($"SELECT {TokenColumns} FROM tokens ORDER BY name"));

    public Task<TokenRecord?> FindTokenAsync(byte[] hash, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadTokens($"SELECT {TokenColumns} FROM tokens WHERE hash = $hash", ("$hash", hash)).FirstOrDefault());

    public Task<Page<AuditRecord>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        var where = "1 = 1";
        if (query.Project is { } project)
        {
            where += " AND project = $project";
            command.Parameters.AddWithValue("$project", project);
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
        command.CommandText = $"SELECT COUNT(*) FROM audit WHERE {where}";
        var total = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        command.CommandText = $"SELECT time, token, action, target, project FROM audit WHERE {where} ORDER BY seq DESC LIMIT $limit OFFSET $offset";
        command.Parameters.AddWithValue("$limit", query.PageSize);
        command.Parameters.AddWithValue("$offset", query.Offset);
        using var reader = command.ExecuteReader();
        var list = new List<AuditRecord>();
        while (reader.Read())
        {
            list.Add(new AuditRecord(FromMs(reader.GetInt64(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        return Task.FromResult(Page<AuditRecord>.From(list, total, query.Offset, query.PageSize));
    }

    /// <summary>Runs a change and, when it changed something, its audit entry, in one transaction.</summary>
    private bool Audited(AuditRecord? audit, Func<SqliteConnection, SqliteTransaction, bool> change)
    {
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        var changed = change(connection, transaction);
        if (changed && audit is not null)
        {
            InsertAudit(connection, transaction, audit);
        }
        transaction.Commit();
        return changed;
    }

    internal static void InsertAudit(SqliteConnection connection, SqliteTransaction? transaction, AuditRecord audit) => Run(connection, transaction,
        "INSERT INTO audit (time, token, action, target, project) VALUES ($time, $token, $action, $target, $project)",
        ("$time", Ms(audit.Time)), ("$token", audit.Token), ("$action", audit.Action), ("$target", audit.Target), ("$project", audit.Project));

    private static int Run(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command.ExecuteNonQuery();
    }

    private List<TokenRecord> ReadTokens(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        using var reader = command.ExecuteReader();
        var list = new List<TokenRecord>();
        while (reader.Read())
        {
            list.Add(new TokenRecord(reader.GetString(0), reader.GetString(1),
                reader.IsDBNull(2) ? null : JsonSerializer.Deserialize<List<string>>(reader.GetString(2)), (byte[])reader[3], FromMs(reader.GetInt64(4))));
        }
        return list;
    }

    private static string? Projects(IReadOnlyList<string>? projects) => projects is null ? null : JsonSerializer.Serialize(projects);
}
