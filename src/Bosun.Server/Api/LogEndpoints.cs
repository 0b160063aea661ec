using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Storage.Sqlite;

namespace Bosun.Server.Api;

/// <summary>Integration error logs, <c>/api/controlPlane/v1/log</c> (spec §4.2).</summary>
internal static class LogEndpoints
{
    public static IEndpointRouteBuilder MapLogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/controlPlane/v1/log", Post);
        app.MapGet("/api/controlPlane/v1/log", Get);
        return app;
    }

    private static async Task<IResult> Post(HttpRequest request, SqliteStore store, TimeProvider time)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request);
        if (error is not null)
        {
            return error;
        }
        if (body!["logs"] is not JsonArray logs || logs.Any(l => l is not JsonObject))
        {
            return ApiError.BadRequest("logs must be a list of log entries");
        }
        var entries = new List<(string, DateTimeOffset, JsonObject)>();
        foreach (var entry in logs.Cast<JsonObject>())
        {
            var integration = entry.GetStringOrNull("integrationid");
            if (string.IsNullOrEmpty(integration))
            {
                return ApiError.BadRequest("every log entry needs an integrationid");
            }
            if (!TimeParam.TryParse(entry.GetStringOrNull("time"), out var at))
            {
                return ApiError.BadRequest($"log entry time '{entry.GetStringOrNull("time")}' is not a timestamp");
            }
            var when = at ?? time.GetUtcNow();
            var copy = (JsonObject)entry.DeepClone();
            copy["time"] = KeptnEventJson.FormatTime(when);
            entries.Add((integration, when, copy));
        }
        store.AddLogs(entries);
        return TypedResults.Json(new JsonObject());
    }

    private static IResult Get(HttpRequest request, SqliteStore store)
    {
        if (!Paging.TryParse(request, 20, 100, out var paging, out var error))
        {
            return error!;
        }
        if (!TimeParam.TryParseRange(request, out var from, out var before, out var timeError))
        {
            return timeError!;
        }
        var page = store.QueryLogs(request.Query["integrationId"].FirstOrDefault(), from, before, paging.Offset, paging.PageSize);
        return TypedResults.Json(PageJson.Of("logs", page, l => l));
    }
}
