using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Bosun.TestKit;

namespace Bosun.Core.Tests.Sequences;

/// <summary>One active sequence per project/stage/service, FIFO, and Bosun's decisions on repeated input.</summary>
public class SequenceEngineQueueTests
{
    [Fact]
    public void ParallelServices_RunSideBySide()
    {
        var h = EngineHarness.For(Shipyards.Minimal, "web", "api");
        h.Trigger("dev", "artifact-delivery", "web");
        h.Trigger("dev", "artifact-delivery", "api");
        Assert.Equal(2, h.Open.Count);
    }

    [Fact]
    public void SameService_SecondContextWaitsUntilFirstFinishes()
    {
        var h = EngineHarness.For(Shipyards.Minimal);
        var first = h.Trigger("dev", "artifact-delivery", version: "1");
        var second = h.Trigger("dev", "artifact-delivery", version: "2");
        Assert.Equal(first, Assert.Single(h.Open.Values).KeptnContext);
        Assert.Equal(SequenceState.Waiting, h.Execution(second).State);
        h.Complete("deliver");
        Assert.Equal(second, Assert.Single(h.Open.Values).KeptnContext);
        Assert.Equal(SequenceState.Started, h.Execution(second).State);
    }

    [Fact]
    public void TenSequences_StartInTriggerOrder_OneOpenTaskAtATime()
    {
        var h = EngineHarness.For(Shipyards.Minimal);
        var contexts = Enumerable.Range(1, 10).Select(i => h.Trigger("dev", "artifact-delivery", version: $"v{i}")).ToList();
        var order = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var open = Assert.Single(h.Open.Values);
            order.Add(open.KeptnContext);
            h.Complete("deliver");
        }
        Assert.Equal(contexts, order);
        Assert.Empty(h.Open);
    }

    [Fact]
    public void DuplicateTriggerForQueuedOrRunningVersion_StartsNothing_DesignDecision3()
    {
        var h = EngineHarness.For(Shipyards.Minimal);
        var first = h.Trigger("dev", "artifact-delivery", version: "1.2.3");
        var again = h.Trigger("dev", "artifact-delivery", version: "1.2.3");
        Assert.Single(h.Open);
        Assert.DoesNotContain(h.Results.SelectMany(r => r.Changed), e => e.KeptnContext == again);
        // The repeat is stored in the running sequence's context, so its sender is answered with that context.
        Assert.Equal(first, h.Results[^1].Inbound!.KeptnContext);
        Assert.Empty(h.Results[^1].Emitted);
        h.Complete("deliver");
        // A finished sequence does not block a new run of the same version.
        h.Trigger("dev", "artifact-delivery", version: "1.2.3");
        Assert.Single(h.Open);
    }

    [Fact]
    public void WaitingForApproval_DoesNotBlockOtherSequences()
    {
        var h = EngineHarness.For(Shipyards.Approval);
        var first = h.Trigger("dev", "delivery", version: "1");
        Assert.Equal(SequenceState.WaitingForApproval, h.Execution(first).State);
        var second = h.Trigger("dev", "delivery", version: "2");
        Assert.Equal(SequenceState.WaitingForApproval, h.Execution(second).State);
        Assert.Equal(2, h.Open.Count);
    }

    [Fact]
    public void MissingStatus_CountsAsSucceeded_DesignDecision2()
    {
        var h = EngineHarness.For(Shipyards.Minimal);
        h.Trigger("dev", "artifact-delivery");
        var deliver = h.OpenTask("deliver");
        h.Started(deliver);
        h.Finished(deliver, KeptnResult.Pass, status: null);
        Assert.Equal("succeeded", h.LastFinished("dev", "artifact-delivery").Data.GetString("status"));
    }

    [Fact]
    public void AnswerWithoutTriggeredId_MatchesTheSingleOpenTaskOfItsScope_DesignDecision2()
    {
        var h = EngineHarness.For(Shipyards.Minimal);
        var ctx = h.Trigger("dev", "artifact-delivery");
        var deliver = h.OpenTask("deliver");
        var started = h.Ingest(h.Answer(deliver, "started", "argocd", null, null) with { TriggeredId = null, KeptnContext = string.Empty });
        Assert.Null(started.Rejected);
        Assert.Equal(deliver.Id, started.Inbound!.TriggeredId);
        Assert.Equal(ctx, started.Inbound.KeptnContext);
        h.Ingest(h.Answer(deliver, "finished", "argocd", "pass", null) with { TriggeredId = null });
        Assert.Equal("pass", h.LastFinished("dev", "artifact-delivery").Data.GetString("result"));
    }

    [Fact]
    public void AnswerWithoutTriggeredId_NoOrSeveralCandidates_IsRejectedWithReason()
    {
        var h = EngineHarness.For(Shipyards.Minimal, "web", "api");
        var none = new KeptnEvent("a", "argocd", "sh.keptn.event.deliver.started", string.Empty, null, h.Now, EngineHarness.Data("dev", "web"));
        Assert.Contains("no open deliver task", h.Ingest(none).Rejected!.Message);

        // Two open deliver tasks in one scope: a waiting-for-approval style overlap, made here with two contexts
        // whose first tasks are both open because the first is paused (paused sequences do not block).
        var first = h.Trigger("dev", "artifact-delivery", version: "1");
        h.Control(first, ControlState.Pause);
        h.Trigger("dev", "artifact-delivery", version: "2");
        var rejected = h.Ingest(none with { Id = "b" }).Rejected!;
        Assert.Contains("2 open deliver tasks", rejected.Message);
        // With the context given, the one task of that context is found.
        Assert.Null(h.Ingest(none with { Id = "c", KeptnContext = first }).Rejected);
    }
}
