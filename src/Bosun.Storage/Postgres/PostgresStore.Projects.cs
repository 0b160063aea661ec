using System.Text.Json.Nodes;
using Bosun.Core.Sequences;
using Npgsql;

namespace Bosun.Storage.Postgres;

public sealed partial class PostgresStore
{
    public async Task<Page<ProjectRecord>> ListProjectsAsync(int offset, int pageSize, CancellationToken cancellationToken = default)
    {
        var (total, list) = await CountAndListAsync("SELECT COUNT(*) FROM projects", "SELECT name, created, json FROM projects ORDER BY name LIMIT @limit OFFSET @offset",
            [], [P("limit", pageSize), P("offset", offset)], Project, cancellationToken);
        return Page<ProjectRecord>.From(list, total, offset, pageSize);
    }

    public async Task<ProjectRecord?> GetProjectAsync(string name, CancellationToken cancellationToken = default) =>
        (await ListAsync("SELECT name, created, json FROM projects WHERE name = @name", [P("name", name)], Project, cancellationToken)).FirstOrDefault();

    private static ProjectRecord Project(NpgsqlDataReader r) =>
        new(r.GetString(0), StoredValues.FromMs(r.GetInt64(1)), (JsonObject)JsonNode.Parse(r.GetString(2))!);

    public async Task<string?> GetProjectSettingAsync(string project, string name, CancellationToken cancellationToken = default) =>
        await ScalarAsync("SELECT value FROM project_settings WHERE project = @p AND name = @n", [P("p", project), P("n", name)], cancellationToken) as string;

    public async Task<IReadOnlyList<ServiceRecord>> ListServicesAsync(string? project = null, CancellationToken cancellationToken = default) =>
        await ListAsync(project is null
                ? "SELECT project, stage, name, created FROM services ORDER BY project, stage, name"
                : "SELECT project, stage, name, created FROM services WHERE project = @p ORDER BY stage, name",
            project is null ? [] : [P("p", project)],
            r => new ServiceRecord(r.GetString(0), r.GetString(1), r.GetString(2), StoredValues.FromMs(r.GetInt64(3))), cancellationToken);

    public async Task<ResourceRecord?> GetResourceAsync(string project, string stage, string service, string uri, long? version = null, CancellationToken cancellationToken = default)
    {
        var rows = await ListAsync(version is null
                ? "SELECT version, content, created FROM resources WHERE project = @p AND stage = @s AND service = @svc AND uri = @uri ORDER BY version DESC LIMIT 1"
                : "SELECT version, content, created FROM resources WHERE project = @p AND stage = @s AND service = @svc AND uri = @uri AND version = @v",
            [P("p", project), P("s", stage), P("svc", service), P("uri", uri), P("v", version ?? 0)],
            r => r.IsDBNull(1) ? null : new ResourceRecord(project, stage, service, uri, r.GetInt64(0), (byte[])r[1], StoredValues.FromMs(r.GetInt64(2))),
            cancellationToken);
        return rows.FirstOrDefault();
    }

    public async Task<Page<ResourceRecord>> ListResourcesAsync(string project, string stage, string service, int offset, int pageSize, CancellationToken cancellationToken = default)
    {
        const string Latest = """
            FROM resources r WHERE project = @p AND stage = @s AND service = @svc AND content IS NOT NULL
              AND version = (SELECT MAX(version) FROM resources x WHERE x.project = r.project AND x.stage = r.stage AND x.service = r.service AND x.uri = r.uri)
            """;
        NpgsqlParameter[] level = [P("p", project), P("s", stage), P("svc", service)];
        var (total, list) = await CountAndListAsync($"SELECT COUNT(*) {Latest}", $"SELECT uri, version, content, created {Latest} ORDER BY uri LIMIT @limit OFFSET @offset",
            level, [P("p", project), P("s", stage), P("svc", service), P("limit", pageSize), P("offset", offset)],
            r => new ResourceRecord(project, stage, service, r.GetString(0), r.GetInt64(1), (byte[])r[2], StoredValues.FromMs(r.GetInt64(3))), cancellationToken);
        return Page<ResourceRecord>.From(list, total, offset, pageSize);
    }

    public async Task<bool> ContextExistsAsync(string project, string keptnContext, CancellationToken cancellationToken = default) =>
        await ScalarAsync("SELECT 1 FROM contexts WHERE project = @p AND context = @c", [P("p", project), P("c", keptnContext)], cancellationToken) is not null;

    public async Task<Page<ContextRecord>> QueryContextsAsync(ContextQuery query, CancellationToken cancellationToken = default)
    {
        var where = "project = @p";
        var parameters = new List<NpgsqlParameter> { P("p", query.Project) };
        if (query.Contexts is { Count: > 0 } contexts)
        {
            where += " AND context = ANY(@contexts)";
            parameters.Add(P("contexts", contexts.ToArray()));
        }
        if (!string.IsNullOrEmpty(query.Name))
        {
            where += " AND name = @name";
            parameters.Add(P("name", query.Name));
        }
        where += TimeRange(query.FromTime, query.BeforeTime, parameters);
        var (total, rows) = await CountAndListAsync($"SELECT COUNT(*) FROM contexts WHERE {where}",
            $"SELECT context, name, service, time FROM contexts WHERE {where} ORDER BY ord DESC LIMIT @limit OFFSET @offset",
            Clone(parameters), [.. parameters, P("limit", query.PageSize), P("offset", query.Offset)],
            r => (Context: r.GetString(0), Name: r.GetString(1), Service: r.GetString(2), Time: r.GetInt64(3)), cancellationToken);
        var list = new List<ContextRecord>(rows.Count);
        foreach (var row in rows)
        {
            var executions = await ListAsync("SELECT json FROM sequences WHERE context = @c ORDER BY ord", [P("c", row.Context)],
                r => ExecutionJson.Read(r.GetString(0)), cancellationToken);
            list.Add(new ContextRecord(row.Context, query.Project, row.Name, row.Service, StoredValues.FromMs(row.Time), executions));
        }
        return Page<ContextRecord>.From(list, total, query.Offset, query.PageSize);
    }

    public async Task<Page<SequenceExecution>> QuerySequencesAsync(SequenceQuery query, CancellationToken cancellationToken = default)
    {
        var (where, values) = query.Sql('@', "strpos");
        var parameters = values.Select(v => P(v.Name, v.Value)).ToList();
        var (after, orderBy) = query.CursorSql('@');
        List<NpgsqlParameter> listParameters = [.. Clone(parameters),
            P("limit", query.Cursor is null ? query.PageSize : query.PageSize + 1), P("offset", query.Cursor is null ? query.Offset : 0)];
        if (query.Cursor is { } cursor)
        {
            listParameters.AddRange([P("co", cursor.Order), P("ci", cursor.Id)]);
        }
        var (total, list) = await CountAndListAsync($"SELECT COUNT(*) FROM sequences WHERE {where}",
            $"SELECT json FROM sequences WHERE {where}{after} ORDER BY {orderBy} LIMIT @limit OFFSET @offset",
            parameters, listParameters, r => ExecutionJson.Read(r.GetString(0)), cancellationToken);
        return query.PageOf([.. list], total);
    }

    public async Task<IReadOnlyList<SequenceExecution>> LatestSequencesAsync(string project, string? state = null, IReadOnlyList<string>? results = null, CancellationToken cancellationToken = default)
    {
        List<NpgsqlParameter> parameters = [P("p", project)];
        if (state is not null)
        {
            parameters.Add(P("state", state));
        }
        if (results is { Count: > 0 })
        {
            parameters.Add(P("results", results.ToArray()));
        }
        return await ListAsync($"""
            SELECT s.json FROM sequences s
            JOIN (SELECT stage, service, MAX(ord) AS ord FROM sequences WHERE project = @p{(state is null ? "" : " AND state = @state")}{(results is { Count: > 0 } ? " AND result = ANY(@results)" : "")} GROUP BY stage, service) m
              ON s.project = @p AND s.stage = m.stage AND s.service = m.service AND s.ord = m.ord
            """, parameters, r => ExecutionJson.Read(r.GetString(0)), cancellationToken);
    }

    public async Task<IReadOnlyList<SequenceFacts>> QuerySequenceFactsAsync(SequenceQuery query, CancellationToken cancellationToken = default)
    {
        List<NpgsqlParameter> parameters = [P("p", query.Project)];
        var where = "project = @p";
        foreach (var (column, value) in new[] { ("stage", query.Stage), ("service", query.Service) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                where += $" AND {column} = @{column}";
                parameters.Add(P(column, value));
            }
        }
        if (query.From is { } from)
        {
            where += " AND triggered_at >= @from";
            parameters.Add(P("from", StoredValues.Ms(from)));
        }
        static long? Long(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
        return await ListAsync($"""
            SELECT context, service, name, triggered_at, labels, delivered_at, failed_at, finished_at, result, CASE WHEN facts IS NULL THEN json END
            FROM sequences WHERE {where} ORDER BY ord
            """, parameters, r => r.IsDBNull(9)
                ? SequenceFacts.FromColumns(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), Long(r, 5), Long(r, 6), Long(r, 7), r.IsDBNull(8) ? null : r.GetString(8))
                : SequenceFacts.Of(ExecutionJson.Read(r.GetString(9))), cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListSequenceServicesAsync(string project, string stage, CancellationToken cancellationToken = default) =>
        await ListAsync(SharedSql.SequenceServices, [P("p", project), P("s", stage)], r => r.GetString(0), cancellationToken);

    /// <summary>A parameter belongs to one command: a query run twice gets copies.</summary>
    private static List<NpgsqlParameter> Clone(List<NpgsqlParameter> parameters) => parameters.Select(p => p.Clone()).ToList();
}
