using System.Text.Json;
using Npgsql;

namespace Bosun.Storage.Postgres;

/// <summary>Named tokens and the audit trail (DESIGN §8): each change commits with its audit entry.</summary>
public sealed partial class PostgresStore
{
    private const string TokenColumns = "name, role, projects, hash, created";

    public Task<bool> AddTokenAsync(TokenRecord token, AuditRecord audit, CancellationToken cancellationToken = default) =>
        AuditedAsync(audit, "INSERT INTO tokens (name, role, projects, hash, created) VALUES (@name, @role, @projects, @hash, @created) ON CONFLICT DO NOTHING",
            [P("name", token.Name), P("role", token.Role), P("projects", token.Projects is null ? null : JsonSerializer.Serialize(token.Projects)),
             P("hash", token.Hash), P("created", StoredValues.Ms(token.Created))], cancellationToken);

    public Task<bool> RotateTokenAsync(string name, byte[] hash, AuditRecord audit, CancellationToken cancellationToken = default) =>
        AuditedAsync(audit, "UPDATE tokens SET hash = @hash WHERE name = @name", [P("name", name), P("hash", hash)], cancellationToken);

    public Task<bool> DeleteTokenAsync(string name, AuditRecord audit, CancellationToken cancellationToken = default) =>
        AuditedAsync(audit, "DELETE FROM tokens WHERE name = @name", [P("name", name)], cancellationToken);

    public async Task<IReadOnlyList<TokenRecord>> ListTokensAsync(CancellationToken cancellationToken = default) =>
        await ListAsync($"SELECT {TokenColumns} FROM tokens ORDER BY name", [], Token, cancellationToken);

    public async Task<TokenRecord?> FindTokenAsync(byte[] hash, CancellationToken cancellationToken = default) =>
        (await ListAsync($"SELECT {TokenColumns} FROM tokens WHERE hash = @hash", [P("hash", hash)], Token, cancellationToken)).FirstOrDefault();

    public async Task<Page<AuditRecord>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var where = "TRUE";
        var parameters = new List<NpgsqlParameter>();
        if (query.Project is { } project)
        {
            where += " AND project = @project";
            parameters.Add(P("project", project));
        }
        where += TimeRange(query.FromTime, query.BeforeTime, parameters);
        var (total, list) = await CountAndListAsync($"SELECT COUNT(*) FROM audit WHERE {where}",
            $"SELECT time, token, action, target, project FROM audit WHERE {where} ORDER BY seq DESC LIMIT @limit OFFSET @offset",
            Clone(parameters), [.. parameters, P("limit", query.PageSize), P("offset", query.Offset)],
            r => new AuditRecord(StoredValues.FromMs(r.GetInt64(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4)),
            cancellationToken);
        return Page<AuditRecord>.From(list, total, query.Offset, query.PageSize);
    }

    /// <summary>Runs a change and, when it changed a row, its audit entry, in one transaction.</summary>
    private async Task<bool> AuditedAsync(AuditRecord? audit, string sql, IReadOnlyList<NpgsqlParameter> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        Bind(command, parameters);
        var changed = await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        if (changed && audit is not null)
        {
            await InsertAuditAsync(connection, transaction, audit, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    private static async Task InsertAuditAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditRecord audit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("INSERT INTO audit (time, token, action, target, project) VALUES (@time, @token, @action, @target, @project)", connection, transaction);
        Bind(command, [P("time", StoredValues.Ms(audit.Time)), P("token", audit.Token), P("action", audit.Action), P("target", audit.Target), P("project", audit.Project)]);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ResealSecretsAsync(IReadOnlyList<(SecretRecord Was, byte[] Sealed)> resealed, AuditRecord audit, CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var count = new NpgsqlCommand("SELECT COUNT(*) FROM (SELECT 1 FROM secrets FOR UPDATE) s", connection, transaction))
        {
            if (Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) != resealed.Count)
            {
                throw new InvalidOperationException("a secret was added or removed while the sealing key was rotated; run the rotation again");
            }
        }
        foreach (var (was, sealedValue) in resealed)
        {
            await using var update = new NpgsqlCommand("UPDATE secrets SET sealed = @new WHERE name = @name AND scope = @scope AND sealed = @old", connection, transaction);
            Bind(update, [P("name", was.Name), P("scope", was.Scope), P("old", was.Sealed), P("new", sealedValue)]);
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new InvalidOperationException($"the secret '{was.Name}' changed while the sealing key was rotated; run the rotation again");
            }
        }
        await InsertAuditAsync(connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static TokenRecord Token(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : JsonSerializer.Deserialize<List<string>>(r.GetString(2)), (byte[])r[3], StoredValues.FromMs(r.GetInt64(4)));
}
