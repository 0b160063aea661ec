using System.Text.Json.Nodes;
using Bosun.Core.Events;

using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>Integration error logs, <c>/api/controlPlane/v1/log</c> (spec §4.2).</summary>
internal static class LogEndpoints
{
    public static IEndpointRouteBuilder MapLogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/controlPlane/v1/log", Post);
        app.MapGet("/api/controlPlane/v1/log", Get);
        app.MapDelete("/api/controlPlane/v1/log", Delete);
        return app;
    }

    private static async Task<IResult> Post(HttpRequest request, IStore store, TimeProvider time)
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
        var entries = new List<LogRecord>();
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
            entries.Add(new LogRecord(integration, when, copy));
        }
        await store.AddLogsAsync(entries);
        return TypedResults.Json(new JsonObject());
    }

    private static async Task<IResult> Get(HttpRequest request, IStore store)
    {
        if (!Paging.TryParse(request, 20, 100, out var paging, out var error))
        {
            return error!;
        }
        if (!TimeParam.TryParseRange(request, out var from, out var before, out var timeError))
        {
            return timeError!;
        }
        var page = await store.QueryLogsAsync(new LogQuery { IntegrationId = request.Query["integrationId"].FirstOrDefault(), FromTime = from, BeforeTime = before, Offset = paging.Offset, PageSize = paging.PageSize });
        return TypedResults.Json(PageJson.Of("logs", page, l => l, PageKey.Integer));
    }

    /// <summary>Keptn's <c>DELETE /log</c>: the entries of an integration and/or time range; with neither, every entry.</summary>
    private static async Task<IResult> Delete(HttpRequest request, IStore store)
    {
        if (!TimeParam.TryParseRange(request, out var from, out var before, out var timeError))
        {
            return timeError!;
        }
        await store.DeleteLogsAsync(new LogQuery { IntegrationId = request.Query["integrationId"].FirstOrDefault(), FromTime = from, BeforeTime = before });
        return TypedResults.Ok(new JsonObject());
    }
}
