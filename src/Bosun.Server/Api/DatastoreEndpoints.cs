using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>Event queries of Keptn's mongodb-datastore (spec §4.4), newest first.</summary>
internal static class DatastoreEndpoints
{
    private static readonly Dictionary<string, string> FilterKeys = new()
    {
        ["data.project"] = "project",
        ["data.stage"] = "stage",
        ["data.service"] = "service",
        ["data.result"] = "result",
        ["shkeptncontext"] = "context",
        ["triggeredid"] = "triggeredid",
        ["source"] = "source",
        ["id"] = "id",
    };

    public static IEndpointRouteBuilder MapDatastoreEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/mongodb-datastore/event", Query);
        app.MapGet("/api/mongodb-datastore/event/type/{eventType}", ByType);
        return app;
    }

    private static async Task<IResult> Query(HttpRequest request, IStore store)
    {
        if (!Paging.TryParse(request, 20, 100, out var paging, out var error))
        {
            return error!;
        }
        if (!TimeParam.TryParseRange(request, out var from, out var before, out var timeError))
        {
            return timeError!;
        }
        string? Q(string name) => request.Query[name].FirstOrDefault() is { Length: > 0 } v ? v : null;
        var page = await store.QueryEventsJsonAsync(new EventQuery
        {
            KeptnContext = Q("keptnContext"),
            Type = Q("type"),
            Project = Q("project"),
            Stage = Q("stage"),
            Service = Q("service"),
            EventId = Q("eventID"),
            Source = Q("source"),
            FromTime = from,
            BeforeTime = before,
            Offset = paging.Offset,
            PageSize = paging.PageSize,
        });
        return EventPages.Json(page);
    }

    private static async Task<IResult> ByType(string eventType, HttpRequest request, IStore store)
    {
        if (!Paging.TryParse(request, 20, 100, out var paging, out var error))
        {
            return error!;
        }
        if (!TimeParam.TryParseRange(request, out var from, out _, out var timeError))
        {
            return timeError!;
        }
        var fields = new Dictionary<string, string[]>();
        var filter = request.Query["filter"].FirstOrDefault() ?? string.Empty;
        foreach (var clause in filter.Split(" AND ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = clause.IndexOf(':', StringComparison.Ordinal);
            var key = colon > 0 ? clause[..colon].Trim() : clause;
            if (colon <= 0 || !FilterKeys.TryGetValue(key, out var column))
            {
                return ApiError.BadRequest($"filter clause '{clause}' is not supported: use key:value with keys {string.Join(", ", FilterKeys.Keys)}, joined by ' AND '");
            }
            fields[column] = clause[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        string? One(string column) => fields.TryGetValue(column, out var v) ? v.FirstOrDefault() : null;
        var page = await store.QueryEventsJsonAsync(new EventQuery
        {
            Type = eventType,
            Project = One("project"),
            Stage = One("stage"),
            Service = One("service"),
            KeptnContext = One("context"),
            TriggeredId = One("triggeredid"),
            Source = One("source"),
            EventId = One("id"),
            Results = fields.GetValueOrDefault("result"),
            FromTime = from,
            ExcludeInvalidated = string.Equals(request.Query["excludeInvalidated"].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase),
            Offset = paging.Offset,
            PageSize = paging.PageSize,
        });
        return EventPages.Json(page);
    }
}
