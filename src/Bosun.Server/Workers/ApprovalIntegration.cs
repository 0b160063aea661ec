using System.Text.Json.Nodes;
using Bosun.Core.Approvals;
using Bosun.Core.Events;
using Bosun.Server.Engine;

using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// Keptn's approval-service, built in (issue 6 item 1, spec/keptn.md §3.10): every <c>approval.triggered</c> gets a
/// <c>.started</c> naming the strategy; a passing (or warning) previous result with an <c>automatic</c> strategy is
/// approved at once, a failing one declined at once, anything else waits (the sequence shows
/// <c>waitingForApproval</c>) for someone to post <c>approval.finished</c> or use <c>POST /api/bosun/v1/approvals/{id}</c>.
/// Each <c>approval.triggered</c> is one work row, ended by the last answer the integration gives.
/// </summary>
internal sealed class ApprovalIntegration(EventIngest ingest, TimeProvider time) : IWorkIntegration
{
    public const string Source = "approval-service";
    private static readonly string ApprovalTriggered = KeptnEventType.TaskType(ApprovalDecision.Task, "triggered");

    public string Name => Source;


    public IReadOnlyList<string> Subscriptions => [ApprovalTriggered];

    public Task<IReadOnlyList<string>> SelectAsync(KeptnEvent evt, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(evt.Type == ApprovalTriggered ? [ApprovalDecision.Task] : []);

    public async Task<WorkResult> RunAsync(WorkClaim claim, WorkEnd end, CancellationToken cancellationToken)
    {
        var triggered = claim.Event;
        var decision = ApprovalDecision.Decide(triggered.Data);
        var startedData = KeptnAnswer.Data(triggered.Data, KeptnStatus.Succeeded, KeptnResult.Pass, decision.StartedMessage);
        if (decision.Finished is not { } result)
        {
            // The rest is someone's decision: the integration's part ends with .started.
            await SendAsync(triggered, "started", startedData, end);
            return WorkResult.Answered;
        }
        var message = result == KeptnResult.Pass
            ? $"approved automatically ({decision.Strategy} for result '{decision.Result}')"
            : $"declined automatically: the previous task's result is '{decision.Result}'";
        // Both are queued at once, so they share one commit.
        await Task.WhenAll(SendAsync(triggered, "started", startedData, null),
            SendAsync(triggered, "finished", KeptnAnswer.Data(triggered.Data, KeptnStatus.Succeeded, result, message), end));
        return WorkResult.Answered;
    }

    private Task SendAsync(KeptnEvent triggered, string kind, JsonObject data, WorkEnd? end) =>
        ingest.SubmitAsync(new KeptnEvent(EventIds.Derived($"{Source}/{triggered.Id}/{kind}"), Source,
            KeptnEventType.TaskType(ApprovalDecision.Task, kind), triggered.KeptnContext, triggered.Id, time.GetUtcNow(), data)
        {
            GitCommitId = triggered.GitCommitId,
        }, endsWork: end);
}
