using System.Text.Json.Nodes;
using Bosun.Core.Approvals;
using Bosun.Core.Events;
using Bosun.Server.Access;
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

    public static IEndpointRouteBuilder MapApprovalEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/bosun/v1/approvals");
        api.MapGet("", List);
        // The approval's project is found from the task it answers, and checked there (ApprovalAnswer).
        api.MapPost("/{triggeredId}", AnswerAsync).ChecksProject(Right.Operate);
        return app;
    }

    private static async Task<IResult> List(HttpRequest request, IStore store)
    {
        var query = request.Query;
        var page = await store.QueryOpenTasksAsync(new OpenTaskQuery(ApprovalAnswer.Triggered, query["project"], query["stage"], query["service"], null, 0, 500));
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
        var outcome = await ApprovalAnswer.SendAsync(request.HttpContext, store, ingest, time, triggeredId, result == KeptnResult.Pass, json.GetStringOrNull("by"), json.GetStringOrNull("comment") ?? string.Empty);
        return outcome.KeptnContext is null
            ? ApiError.Result(outcome.Code, outcome.Message!)
            : TypedResults.Json(new JsonObject { ["keptnContext"] = outcome.KeptnContext, ["result"] = result });
    }
}
