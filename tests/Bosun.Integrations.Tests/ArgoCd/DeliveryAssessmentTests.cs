using System.Text.Json.Nodes;
using Bosun.Integrations.ArgoCd;

namespace Bosun.Integrations.Tests.ArgoCd;

/// <summary>The delivery's reading of an app's state (spec/argocd.md A1 "Sync semantics", A2), one rule per case.</summary>
public sealed class DeliveryAssessmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly DeliveryRequest Request = new()
    {
        TriggeredId = "t-1",
        KeptnContext = "ctx-1",
        Task = "deliver",
        Project = "podtato",
        Stage = "dev",
        Service = "web",
        TriggeredAt = Now,
        Revision = "r2",
        DegradedGrace = TimeSpan.FromSeconds(30),
    };

    private static JsonObject Operation(string revision, string? triggeredId = null, bool automated = false, string user = "alice") => new()
    {
        ["sync"] = new JsonObject { ["revision"] = revision },
        ["initiatedBy"] = automated ? new JsonObject { ["automated"] = true } : new JsonObject { ["username"] = user },
        ["info"] = triggeredId is null ? new JsonArray() : new JsonArray(new JsonObject { ["name"] = "triggeredid", ["value"] = triggeredId }),
    };

    private static ArgoApp App(string sync = "Synced", string syncRevision = "r2", string health = "Healthy", JsonObject? running = null,
        string? phase = null, JsonObject? lastOperation = null, string? resultRevision = null, bool autoSync = false, string? message = null,
        string? reconciledAt = null)
    {
        var status = new JsonObject
        {
            ["sync"] = new JsonObject { ["status"] = sync, ["revision"] = syncRevision },
            ["health"] = new JsonObject { ["status"] = health, ["message"] = "health message" },
        };
        if (phase is not null)
        {
            var state = new JsonObject
            {
                ["phase"] = phase,
                ["message"] = message ?? "done",
                ["startedAt"] = "2026-11-25T11:59:00Z",
                ["finishedAt"] = "2026-11-25T11:59:30Z",
                ["operation"] = lastOperation ?? Operation(resultRevision ?? "r2", "t-1"),
            };
            if (resultRevision is not null)
            {
                state["syncResult"] = new JsonObject { ["revision"] = resultRevision };
            }
            status["operationState"] = state;
        }
        if (reconciledAt is not null)
        {
            status["reconciledAt"] = reconciledAt;
        }
        var app = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "web", ["resourceVersion"] = "7" },
            ["spec"] = new JsonObject { ["project"] = "ortelius", ["syncPolicy"] = autoSync ? new JsonObject { ["automated"] = new JsonObject() } : new JsonObject() },
            ["status"] = status,
        };
        if (running is not null)
        {
            app["operation"] = running;
        }
        return new ArgoApp(app);
    }

    private static DeliveryVerdict Assess(ArgoApp app, DeliveryProgress? progress = null, DateTimeOffset? now = null, DeliveryRequest? request = null) =>
        DeliveryAssessment.Assess(app, request ?? Request, progress ?? new DeliveryProgress(), now ?? Now);

    [Fact]
    public void NoOperationYet_Syncs() =>
        Assert.Equal(DeliveryStep.Sync, Assess(App(sync: "OutOfSync")).Step);

    [Fact]
    public void OwnOperationRunning_Waits() =>
        Assert.Equal(DeliveryVerdict.Wait("Bosun's sync of web to r2 is running"), Assess(App(running: Operation("r2", "t-1"))));

    [Fact]
    public void ForeignOperationRunning_WaitsWithoutSyncing()
    {
        var verdict = Assess(App(running: Operation("r1", user: "alice")));
        Assert.Equal(DeliveryVerdict.Wait("an operation started by alice (revision r1) is running on web"), verdict);
    }

    [Fact]
    public void AutoSyncOperationAtTheWantedRevision_IsAdopted() =>
        Assert.Equal(DeliveryVerdict.Wait("auto-sync is deploying r2 to web"), Assess(App(running: Operation("r2", automated: true))));

    [Fact]
    public void AutoSyncOperationAtAnotherRevision_IsForeign() =>
        Assert.StartsWith("an operation started by auto-sync (revision r1)", Assess(App(running: Operation("r1", automated: true))).Reason);

    [Fact]
    public void OwnSucceededOperation_SyncedAndHealthy_Succeeds() =>
        Assert.Equal(new DeliveryVerdict(DeliveryStep.Succeeded, "web is Synced and Healthy at r2"), Assess(App(phase: "Succeeded", resultRevision: "r2")));

    [Fact]
    public void SucceededButStillProgressing_Waits() =>
        Assert.Equal(DeliveryVerdict.Wait("web is Synced and Progressing after the sync to r2"), Assess(App(health: "Progressing", phase: "Succeeded", resultRevision: "r2")));

    [Fact]
    public void SucceededButNotYetReconciled_Waits() =>
        Assert.Equal(DeliveryStep.Wait, Assess(App(phase: "Succeeded", resultRevision: "r2", reconciledAt: "2026-11-25T11:59:10Z")).Step);

    [Fact]
    public void SucceededAndReconciledAfterwards_Succeeds() =>
        Assert.Equal(DeliveryStep.Succeeded, Assess(App(phase: "Succeeded", resultRevision: "r2", reconciledAt: "2026-11-25T11:59:40Z")).Step);

    [Fact]
    public void OutOfSyncBecauseANewerCommitLanded_StillCountsAsDeployed() =>
        Assert.Equal(DeliveryStep.Succeeded, Assess(App(sync: "OutOfSync", syncRevision: "r3", phase: "Succeeded", resultRevision: "r2")).Step);

    [Fact]
    public void OutOfSyncAtTheWantedRevision_IsNotDone() =>
        Assert.Equal(DeliveryStep.Wait, Assess(App(sync: "OutOfSync", syncRevision: "r2", phase: "Succeeded", resultRevision: "r2")).Step);

    [Theory]
    [InlineData("Failed")]
    [InlineData("Error")]
    public void OwnOperationFailed_FailsWithArgoCdsMessage(string phase)
    {
        var verdict = Assess(App(phase: phase, resultRevision: "r2", message: "one or more objects failed to apply"));
        Assert.Equal(new DeliveryVerdict(DeliveryStep.Failed, $"the sync of web to r2 ended {phase}: one or more objects failed to apply"), verdict);
    }

    [Fact]
    public void ForeignFailedOperationAtTheWantedRevision_IsRetriedBySyncing() =>
        Assert.Equal(DeliveryStep.Sync, Assess(App(sync: "OutOfSync", phase: "Failed", lastOperation: Operation("r2", user: "alice"), resultRevision: "r2")).Step);

    [Fact]
    public void ForeignSucceededOperationAtTheWantedRevision_AnswersTheDelivery() =>
        Assert.Equal(DeliveryStep.Succeeded, Assess(App(phase: "Succeeded", lastOperation: Operation("r2", user: "alice"), resultRevision: "r2")).Step);

    [Fact]
    public void FinishedOperationAtAnotherRevision_DoesNotAnswer_ItSyncs() =>
        Assert.Equal(new DeliveryVerdict(DeliveryStep.Sync, "syncing web to r2"),
            Assess(App(syncRevision: "r1", phase: "Succeeded", lastOperation: Operation("r1", user: "alice"), resultRevision: "r1")));

    [Fact]
    public void OwnOperationResolvedToACommit_IsAcceptedWhenItAskedForTheWantedRevision()
    {
        var request = Request with { Revision = "v1.2" };
        var app = App(syncRevision: "abc123", phase: "Succeeded", lastOperation: Operation("v1.2", "t-1"), resultRevision: "abc123");
        Assert.Equal(DeliveryStep.Succeeded, Assess(app, request: request).Step);
    }

    [Fact]
    public void OwnSyncReplacedByAnotherOperation_SyncsAgain_UpToTheLimit()
    {
        var app = App(sync: "OutOfSync", syncRevision: "r2", phase: "Succeeded", lastOperation: Operation("r1", user: "alice"), resultRevision: "r1");
        var verdict = Assess(app, new DeliveryProgress { Syncs = 1 });
        Assert.Equal(DeliveryStep.Sync, verdict.Step);
        Assert.Contains("was replaced by an operation of alice", verdict.Reason);
        Assert.Equal(DeliveryStep.Failed, Assess(app, new DeliveryProgress { Syncs = DeliveryAssessment.MaxSyncs }).Step);
    }

    [Fact]
    public void Degraded_WaitsThroughTheGracePeriod_ThenFails()
    {
        var progress = new DeliveryProgress();
        var app = App(health: "Degraded", phase: "Succeeded", resultRevision: "r2");
        Assert.Equal(DeliveryStep.Wait, Assess(app, progress).Step);
        Assert.Equal(Now, progress.DegradedSince);
        Assert.Equal(DeliveryStep.Wait, Assess(app, progress, Now.AddSeconds(29)).Step);
        Assert.Equal(new DeliveryVerdict(DeliveryStep.Failed, "web is Degraded at r2: health message"), Assess(app, progress, Now.AddSeconds(30)));
    }

    [Fact]
    public void DegradedThatRecovers_ResetsTheGracePeriod()
    {
        var progress = new DeliveryProgress();
        Assess(App(health: "Degraded", phase: "Succeeded", resultRevision: "r2"), progress);
        Assess(App(health: "Progressing", phase: "Succeeded", resultRevision: "r2"), progress, Now.AddSeconds(10));
        Assert.Null(progress.DegradedSince);
    }

    [Fact]
    public void AutoSyncAppWhoseTargetIsElsewhere_WaitsForAutoSync_InsteadOfSyncing() =>
        Assert.Equal(DeliveryVerdict.Wait("web syncs automatically and its target is at r1, not r2"), Assess(App(syncRevision: "r1", autoSync: true)));

    [Fact]
    public void NoRevisionWanted_OwnOperationAtAnyRevision_Succeeds() =>
        Assert.Equal(DeliveryStep.Succeeded, Assess(App(syncRevision: "r9", phase: "Succeeded", lastOperation: Operation("r9", "t-1"), resultRevision: "r9"), request: Request with { Revision = null }).Step);
}
