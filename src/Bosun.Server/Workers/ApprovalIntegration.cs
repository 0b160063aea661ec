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
/// </summary>
internal sealed partial class ApprovalIntegration(
    IStore store,
    EventIngest ingest,
    TimeProvider time,
    ILogger<ApprovalIntegration> log) : ResumingIntegration(store)
{
    public const string Source = "approval-service";
    private static readonly string ApprovalTriggered = KeptnEventType.TaskType(ApprovalDecision.Task, "triggered");

    protected override IReadOnlyList<string> ResumedTypes { get; } = [ApprovalTriggered];

    public override Task HandleAsync(KeptnEvent evt, CancellationToken cancellationToken)
    {
        if (evt.Type == ApprovalTriggered)
        {
            Resume(evt);
        }
        return Task.CompletedTask;
    }

    protected override void Resume(KeptnEvent triggered) => Spawn(() => AnswerAsync(triggered), e => Crashed(log, e, triggered.Id));

    private async Task AnswerAsync(KeptnEvent triggered)
    {
        var decision = ApprovalDecision.Decide(triggered.Data);
        var started = SendAsync(triggered, "started", KeptnAnswer.Data(triggered.Data, KeptnStatus.Succeeded, KeptnResult.Pass, decision.StartedMessage));
        if (decision.Finished is not { } result)
        {
            await started;
            return;
        }
        var message = result == KeptnResult.Pass
            ? $"approved automatically ({decision.Strategy} for result '{decision.Result}')"
            : $"declined automatically: the previous task's result is '{decision.Result}'";
        await Task.WhenAll(started, SendAsync(triggered, "finished", KeptnAnswer.Data(triggered.Data, KeptnStatus.Succeeded, result, message)));
    }

    private Task SendAsync(KeptnEvent triggered, string kind, JsonObject data) =>
        ingest.SubmitAsync(new KeptnEvent(EventIds.Derived($"{Source}/{triggered.Id}/{kind}"), Source,
            KeptnEventType.TaskType(ApprovalDecision.Task, kind), triggered.KeptnContext, triggered.Id, time.GetUtcNow(), data)
        {
            GitCommitId = triggered.GitCommitId,
        });

    [LoggerMessage(Level = LogLevel.Error, Message = "The approval of triggeredid {TriggeredId} failed unexpectedly")]
    private static partial void Crashed(ILogger logger, Exception error, string triggeredId);
}
