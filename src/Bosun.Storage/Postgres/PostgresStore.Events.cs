using System.Globalization;
using System.Text;
using Bosun.Core.Events;
using Npgsql;

namespace Bosun.Storage.Postgres;

public sealed partial class PostgresStore
{
    public async Task<Page<KeptnEvent>> QueryEventsAsync(EventQuery query, CancellationToken cancellationToken = default) =>
        Typed(await QueryEventsJsonAsync(query, cancellationToken));

    public async Task<Page<string>> QueryEventsJsonAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = EventFilter(query);
        var list = $"SELECT json FROM events WHERE {where} ORDER BY seq DESC LIMIT @limit OFFSET @offset";
        List<NpgsqlParameter> listParameters = [.. parameters, P("limit", query.PageSize), P("offset", query.Offset)];
        if (!query.CountTotal)
        {
            return Page<string>.From(await ListAsync(list, listParameters, r => r.GetString(0), cancellationToken), -1, query.Offset, query.PageSize);
        }
        var (total, items) = await CountAndListAsync($"SELECT COUNT(*) FROM events WHERE {where}", list, Clone(parameters), listParameters, r => r.GetString(0), cancellationToken);
        return Page<string>.From(items, total, query.Offset, query.PageSize);
    }

    public async Task<IReadOnlyList<EventHead>> ReadEventHeadsAsync(long after, IReadOnlyCollection<long> alsoSeqs, int limit, CancellationToken cancellationToken = default) =>
        await ListAsync("SELECT seq, type, context, project, stage, service FROM events WHERE seq > @after OR seq = ANY(@also) ORDER BY seq LIMIT @limit",
            [P("after", after), P("also", alsoSeqs.ToArray()), P("limit", limit)],
            r => new EventHead(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5)),
            cancellationToken);

    public async Task<long> MaxEventSeqAsync(CancellationToken cancellationToken = default) =>
        (long)(await ScalarAsync("SELECT COALESCE(MAX(seq), 0) FROM events", [], cancellationToken))!;

    public async Task<IReadOnlyList<string>> QueryEventIdsAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = EventFilter(query);
        return await ListAsync($"SELECT id FROM events WHERE {where} ORDER BY seq DESC LIMIT @limit OFFSET @offset",
            [.. parameters, P("limit", query.PageSize), P("offset", query.Offset)], r => r.GetString(0), cancellationToken);
    }

    private static (string Where, List<NpgsqlParameter> Parameters) EventFilter(EventQuery query)
    {
        var where = new StringBuilder("TRUE");
        var parameters = new List<NpgsqlParameter>();
        foreach (var (column, value) in query.Equalities)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND {column} = @{column}");
            parameters.Add(P(column, value));
        }
        where.Append(TimeRange(query.FromTime, query.BeforeTime, parameters));
        if (query.Results is { Count: > 0 } results)
        {
            where.Append(" AND result = ANY(@results)");
            parameters.Add(P("results", results.ToArray()));
        }
        if (query.ExcludeInvalidated)
        {
            where.Append(" AND NOT EXISTS (SELECT 1 FROM events inv WHERE events.triggeredid IS NOT NULL AND inv.triggeredid = events.triggeredid AND inv.type LIKE 'sh.keptn.event.%.invalidated')");
        }
        return (where.ToString(), parameters);
    }

    public async Task<Page<KeptnEvent>> QueryOpenTasksAsync(OpenTaskQuery query, CancellationToken cancellationToken = default) =>
        Typed(await QueryOpenTasksJsonAsync(query, cancellationToken));

    public async Task<Page<string>> QueryOpenTasksJsonAsync(OpenTaskQuery query, CancellationToken cancellationToken = default)
    {
        var where = new StringBuilder("o.type = @type");
        var parameters = new List<NpgsqlParameter> { P("type", query.Type) };
        foreach (var (column, value) in new[] { ("project", query.Project), ("stage", query.Stage), ("service", query.Service), ("triggeredid", query.EventId) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                where.Append(CultureInfo.InvariantCulture, $" AND o.{column} = @{column}");
                parameters.Add(P(column, value));
            }
        }
        var (total, items) = await CountAndListAsync($"SELECT COUNT(*) FROM open_tasks o WHERE {where}",
            $"SELECT e.json FROM open_tasks o JOIN events e ON e.seq = o.event_seq WHERE {where} ORDER BY o.event_seq LIMIT @limit OFFSET @offset",
            Clone(parameters), [.. parameters, P("limit", query.PageSize), P("offset", query.Offset)], r => r.GetString(0), cancellationToken);
        return Page<string>.From(items, total, query.Offset, query.PageSize);
    }

    public async Task<IReadOnlyList<LatestEvent>> LatestEventsByTypeAsync(string project, string stage, string service, CancellationToken cancellationToken = default) =>
        await ListAsync(LatestByTypeSql, [P("p", project), P("s", stage), P("svc", service)], StoredValues.LatestEvent, cancellationToken);

    private static readonly string LatestByTypeSql = SharedSql.LatestByType.Replace("{image}", """
        CASE WHEN jsonb_typeof(e.json::jsonb #> '{data,labels,image}') = 'string' THEN e.json::jsonb #>> '{data,labels,image}'
             WHEN jsonb_typeof(e.json::jsonb #> '{data,configurationChange,values,image}') = 'string' THEN e.json::jsonb #>> '{data,configurationChange,values,image}' END
        """, StringComparison.Ordinal);

    public async Task<IReadOnlyList<OutboxRow>> ReadOutboxAsync(int limit, long after = 0, CancellationToken cancellationToken = default) =>
        await ListAsync("SELECT o.seq, o.event_seq, e.json FROM outbox o JOIN events e ON e.seq = o.event_seq WHERE o.seq > @after ORDER BY o.seq LIMIT @limit",
            [P("after", after), P("limit", limit)], r => new OutboxRow(r.GetInt64(0), r.GetInt64(1), StoredValues.Event(r.GetString(2))), cancellationToken);

    private static Page<KeptnEvent> Typed(Page<string> page) =>
        new(page.Items.Select(StoredValues.Event).ToList(), page.TotalCount, page.PageSize, page.NextPageKey);
}
