using System.Text.Json.Nodes;
using Bosun.Core.Approvals;
using Bosun.Core.Events;
using Bosun.Server.Access;
using Bosun.Server.Engine;
using Bosun.Server.Workers;
using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>
/// Answers one open approval task, for the API and the web UI alike: the <c>approval.finished</c> it sends says who,
/// when and why, and the token it came with (DESIGN §8). <see cref="Outcome"/> is the keptnContext, or the HTTP code and message of the refusal.
/// </summary>
internal static class ApprovalAnswer
{
    public const string Source = "bosun-api";
    public static readonly string Triggered = KeptnEventType.TaskType(ApprovalDecision.Task, "triggered");
    private static readonly string Finished = KeptnEventType.TaskType(ApprovalDecision.Task, "finished");

    public sealed record Outcome(string? KeptnContext, int Code = 0, string? Message = null);

    /// <param name="by">Who answers, as they say (the caller's token name when they say nothing).</param>
    public static async Task<Outcome> SendAsync(HttpContext context, IStore store, EventIngest ingest, TimeProvider time, string triggeredId, bool approve, string? by, string comment)
    {
        var caller = Caller.Of(context)!;
        var triggered = (await store.QueryEventsAsync(new EventQuery { CountTotal = false, EventId = triggeredId, Type = Triggered, PageSize = 1 })).Items.FirstOrDefault();
        if (triggered is null)
        {
            return new Outcome(null, StatusCodes.Status404NotFound, $"no approval task has triggeredid {triggeredId}");
        }
        if (!caller.MayUse(triggered.Project))
        {
            return new Outcome(null, StatusCodes.Status403Forbidden, caller.NotIn(triggered.Project));
        }
        if ((await store.QueryEventsAsync(new EventQuery { CountTotal = false, TriggeredId = triggeredId, Type = Finished, PageSize = 1 })).Items.FirstOrDefault() is { } done)
        {
            return new Outcome(null, StatusCodes.Status409Conflict,
                $"approval {triggeredId} was already answered: {done.Data.GetString("result")} ({done.Data.GetString("message")}) at {KeptnEventJson.FormatTime(done.Time)}");
        }
        var now = time.GetUtcNow();
        by = string.IsNullOrEmpty(by) ? caller.Name : by;
        var verb = approve ? "approved" : "declined";
        var result = approve ? KeptnResult.Pass : KeptnResult.Fail;
        var data = KeptnAnswer.Data(triggered.Data, KeptnStatus.Succeeded, result, comment.Length > 0 ? $"{verb} by {by}: {comment}" : $"{verb} by {by}");
        data[ApprovalDecision.Task] = new JsonObject { ["decision"] = verb, ["by"] = by, ["token"] = caller.Name, ["comment"] = comment, ["time"] = KeptnEventJson.FormatTime(now) };
        var outcome = await ingest.SubmitAsync(new KeptnEvent(EventIds.New(now), Source, Finished, triggered.KeptnContext, triggeredId, now, data),
            audit: Audits.Of(context, now, approve ? "approval.approve" : "approval.decline", $"approvals/{triggeredId}", triggered.Project));
        return outcome.KeptnContext is null
            ? new Outcome(null, StatusCodes.Status409Conflict, $"approval {triggeredId} is not waiting any more: {outcome.ErrorMessage}")
            : new Outcome(outcome.KeptnContext);
    }
}
