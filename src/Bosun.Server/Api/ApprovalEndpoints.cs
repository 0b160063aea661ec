using System.Text.Json.Nodes;
using Bosun.Core.Approvals;
using Bosun.Core.Events;
using Bosun.Server.Engine;
using Bosun.Server.Workers;
using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>
/// Open approvals and a way to answer them by id (issue 6 item 1): <c>GET /api/bosun/v1/approvals</c> lists the
/// <c>approval</c> tasks still open; <c>POST /api/bosun/v1/approvals/{triggeredId}</c> approves or declines one, storing
/// who, when and why in the <c>approval.finished</c> it sends (Keptn's way, posting that event, works as well).
/// </summary>
internal static class ApprovalEndpoints
{
    public const string Source = "bosun-api";
    private static readonly string Triggered = KeptnEventType.TaskType(ApprovalDecision.Task, "triggered");
    private static readonly string Finished = KeptnEventType.TaskType(ApprovalDecision.Task, "finished");

    public static IEndpointRouteBuilder MapApprovalEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/bosun/v1/approvals");
        api.MapGet("", List);
        api.MapPost("/{triggeredId}", AnswerAsync);
        return app;
    }

    private static async Task<IResult> List(HttpRequest request, IStore store)
    {
        var query = request.Query;
        var page = await store.QueryOpenTasksAsync(new OpenTaskQuery(Triggered, query["project"], query["stage"], query["service"], null, 0, 500));
        var approvals = new JsonArray();
        foreach (var evt in page.Items)
        {
            var decision = ApprovalDecision.Decide(evt.Data);
            approvals.Add(new JsonObject
            {
                ["triggeredId"] = evt.Id,
                ["keptnContext"] = evt.KeptnContext,
                ["project"] = evt.Project,
                ["stage"] = evt.Stage,
                ["service"] = evt.Service,
                ["result"] = decision.Result,
                ["strategy"] = decision.Strategy,
                ["labels"] = evt.Data["labels"]?.DeepClone(),
                ["time"] = KeptnEventJson.FormatTime(evt.Time),
            });
        }
        return TypedResults.Json(new JsonObject { ["approvals"] = approvals });
    }

    private static async Task<IResult> AnswerAsync(string triggeredId, HttpRequest request, IStore store, EventIngest ingest, TimeProvider time)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request);
        if (error is not null)
        {
            return error;
        }
        var json = body!;
        var result = json.GetStringOrNull("decision") switch
        {
            "approve" => KeptnResult.Pass,
            "decline" => KeptnResult.Fail,
            _ => null,
        };
        if (result is null)
        {
            return ApiError.BadRequest("decision must be \"approve\" or \"decline\"");
        }
        if (json.NonStringField("by", "comment") is { } field)
        {
            return ApiError.BadRequest($"{field} must be a string");
        }
        var triggered = (await store.QueryEventsAsync(new EventQuery { CountTotal = false, EventId = triggeredId, Type = Triggered, PageSize = 1 })).Items.FirstOrDefault();
        if (triggered is null)
        {
            return ApiError.NotFound($"no approval task has triggeredid {triggeredId}");
        }
        if ((await store.QueryEventsAsync(new EventQuery { CountTotal = false, TriggeredId = triggeredId, Type = Finished, PageSize = 1 })).Items.FirstOrDefault() is { } done)
        {
            return ApiError.Conflict($"approval {triggeredId} was already answered: {done.Data.GetString("result")} ({done.Data.GetString("message")}) at {KeptnEventJson.FormatTime(done.Time)}");
        }
        var by = json.GetStringOrNull("by") is { Length: > 0 } who ? who : "api";
        var comment = json.GetStringOrNull("comment") ?? string.Empty;
        var now = time.GetUtcNow();
        var verb = result == KeptnResult.Pass ? "approved" : "declined";
        var data = KeptnAnswer.Data(triggered.Data, KeptnStatus.Succeeded, result, comment.Length > 0 ? $"{verb} by {by}: {comment}" : $"{verb} by {by}");
        data[ApprovalDecision.Task] = new JsonObject { ["decision"] = verb, ["by"] = by, ["comment"] = comment, ["time"] = KeptnEventJson.FormatTime(now) };
        var outcome = await ingest.SubmitAsync(new KeptnEvent(EventIds.New(now), Source, Finished, triggered.KeptnContext, triggeredId, now, data));
        return outcome.KeptnContext is null
            ? ApiError.Conflict($"approval {triggeredId} is not waiting any more: {outcome.ErrorMessage}")
            : TypedResults.Json(new JsonObject { ["keptnContext"] = outcome.KeptnContext, ["result"] = result });
    }
}
