using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Bosun.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task<bool> SaveSecretAsync(SecretRecord secret, bool? mustExist, AuditRecord? audit = null, CancellationToken cancellationToken = default) =>
        AuditedAsync(audit, mustExist switch
        {
            true => "UPDATE secrets SET keys = @keys, sealed = @sealed WHERE name = @name AND scope = @scope",
            false => "INSERT INTO secrets (name, scope, keys, sealed) VALUES (@name, @scope, @keys, @sealed) ON CONFLICT DO NOTHING",
            null => "INSERT INTO secrets (name, scope, keys, sealed) VALUES (@name, @scope, @keys, @sealed) ON CONFLICT (name, scope) DO UPDATE SET keys = excluded.keys, sealed = excluded.sealed",
        }, [P("name", secret.Name), P("scope", secret.Scope), P("keys", JsonSerializer.Serialize(secret.Keys)), P("sealed", secret.Sealed)], cancellationToken);

    public async Task<SecretRecord?> FindSecretAsync(string name, CancellationToken cancellationToken = default) =>
        (await ListAsync("SELECT name, scope, keys, sealed FROM secrets WHERE name = @name", [P("name", name)], Secret, cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<SecretRecord>> ListSecretsAsync(CancellationToken cancellationToken = default) =>
        await ListAsync("SELECT name, scope, keys, sealed FROM secrets ORDER BY name, scope", [], Secret, cancellationToken);

    public Task<bool> DeleteSecretAsync(string name, string scope, AuditRecord? audit = null, CancellationToken cancellationToken = default) =>
        AuditedAsync(audit, "DELETE FROM secrets WHERE name = @name AND scope = @scope", [P("name", name), P("scope", scope)], cancellationToken);

    private static SecretRecord Secret(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), JsonSerializer.Deserialize<List<string>>(r.GetString(2)) ?? [], (byte[])r[3]);

    public Task SaveIntegrationAsync(IntegrationRecord integration, CancellationToken cancellationToken = default) =>
        ExecuteAsync("""
            INSERT INTO integrations (id, name, lastseen, json) VALUES (@id, @name, @seen, @json)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, lastseen = excluded.lastseen, json = excluded.json
            """, [P("id", integration.Id), P("name", integration.Name), P("seen", StoredValues.Ms(integration.LastSeen)), P("json", integration.Body.ToJsonString())], cancellationToken);

    public async Task<IReadOnlyList<IntegrationRecord>> ListIntegrationsAsync(CancellationToken cancellationToken = default) =>
        await ListAsync("SELECT id, name, lastseen, json FROM integrations ORDER BY name, id", [],
            r => new IntegrationRecord(r.GetString(0), r.GetString(1), StoredValues.FromMs(r.GetInt64(2)), (JsonObject)JsonNode.Parse(r.GetString(3))!), cancellationToken);

    public async Task<bool> DeleteIntegrationAsync(string id, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("DELETE FROM integrations WHERE id = @id", [P("id", id)], cancellationToken) > 0;

    public async Task AddLogsAsync(IReadOnlyList<LogRecord> entries, CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (integrationId, time, entry) in entries)
        {
            await using var command = new NpgsqlCommand("INSERT INTO logs (integrationid, time, json) VALUES (@i, @t, @j)", connection, transaction);
            Bind(command, [P("i", integrationId), P("t", StoredValues.Ms(time)), P("j", entry.ToJsonString())]);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> DeleteLogsAsync(LogQuery query, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = LogWhere(query);
        return await ExecuteAsync($"DELETE FROM logs WHERE {where}", parameters, cancellationToken);
    }

    private static (string Where, List<NpgsqlParameter> Parameters) LogWhere(LogQuery query)
    {
        var where = "TRUE";
        var parameters = new List<NpgsqlParameter>();
        if (!string.IsNullOrEmpty(query.IntegrationId))
        {
            where += " AND integrationid = @i";
            parameters.Add(P("i", query.IntegrationId));
        }
        return (where + TimeRange(query.FromTime, query.BeforeTime, parameters), parameters);
    }

    public async Task<Page<JsonObject>> QueryLogsAsync(LogQuery query, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = LogWhere(query);
        var (total, list) = await CountAndListAsync($"SELECT COUNT(*) FROM logs WHERE {where}", $"SELECT json FROM logs WHERE {where} ORDER BY seq DESC LIMIT @limit OFFSET @offset",
            Clone(parameters), [.. parameters, P("limit", query.PageSize), P("offset", query.Offset)], r => (JsonObject)JsonNode.Parse(r.GetString(0))!, cancellationToken);
        return Page<JsonObject>.From(list, total, query.Offset, query.PageSize);
    }
}
