using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Bosun.TestKit;

namespace Bosun.Core.Tests.Sequences;

/// <summary>Pause, resume and abort (spec §3.8) in each state a sequence can be in.</summary>
public class SequenceEngineControlTests
{
    [Fact]
    public void PauseStarted_HoldsNextTaskUntilResume()
    {
        var h = EngineHarness.For(Shipyards.TwoStages);
        var ctx = h.Trigger("dev", "delivery");
        h.Control(ctx, ControlState.Pause);
        Assert.Equal(SequenceState.Paused, h.Execution(ctx).State);
        h.Complete("deployment");
        Assert.Empty(h.Open);
        h.Control(ctx, ControlState.Resume);
        Assert.Equal(SequenceState.Started, h.Execution(ctx).State);
        h.OpenTask("test");
    }

    [Fact]
    public void PausedSequence_DoesNotTimeOut_AndDeadlineShiftsByPause()
    {
        var h = EngineHarness.For(Shipyards.TwoStages);
        var ctx = h.Trigger("dev", "delivery");
        h.Advance(TimeSpan.FromMinutes(5));
        h.Control(ctx, ControlState.Pause);
        Assert.Null(h.Engine.NextDue());
        h.Advance(TimeSpan.FromHours(1));
        h.Control(ctx, ControlState.Resume);
        Assert.Equal(h.Now + TimeSpan.FromMinutes(5), h.Engine.NextDue());
    }

    [Fact]
    public void PauseWaiting_IsNotStartedFromQueue_UntilResumed()
    {
        var h = EngineHarness.For(Shipyards.Minimal);
        h.Trigger("dev", "artifact-delivery", version: "1");
        var waiting = h.Trigger("dev", "artifact-delivery", version: "2");
        var third = h.Trigger("dev", "artifact-delivery", version: "3");
        h.Control(waiting, ControlState.Pause);
        h.Complete("deliver");
        // The paused one neither starts nor blocks: the third goes first.
        Assert.Equal(third, Assert.Single(h.Open.Values).KeptnContext);
        h.Control(waiting, ControlState.Resume);
        Assert.Equal(SequenceState.Waiting, h.Execution(waiting).State);
        h.Complete("deliver");
        Assert.Equal(waiting, Assert.Single(h.Open.Values).KeptnContext);
    }

    [Fact]
    public void PauseWaitingForApproval_ResumesToWaitingForApproval()
    {
        var h = EngineHarness.For(Shipyards.Approval);
        var ctx = h.Trigger("dev", "delivery");
        h.Control(ctx, ControlState.Pause);
        Assert.Equal(SequenceState.Paused, h.Execution(ctx).State);
        h.Control(ctx, ControlState.Resume);
        Assert.Equal(SequenceState.WaitingForApproval, h.Execution(ctx).State);
    }

    [Fact]
    public void PauseDelayedTask_DelayShiftsByThePause()
    {
        var h = EngineHarness.For(Shipyards.Approval);
        var ctx = h.Trigger("dev", "delivery");
        h.Complete("approval");
        h.Control(ctx, ControlState.Pause);
        h.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(h.Open);
        h.Control(ctx, ControlState.Resume);
        h.Advance(TimeSpan.FromMinutes(4));
        Assert.Empty(h.Open);
        h.Advance(TimeSpan.FromMinutes(1));
        h.OpenTask("deployment");
    }

    [Fact]
    public void AbortStarted_FinishesAbortedWithPass_ClosesTask_NoChaining()
    {
        var h = EngineHarness.For(Shipyards.TwoStages);
        var ctx = h.Trigger("dev", "delivery");
        h.Control(ctx, ControlState.Abort);
        var finished = h.LastFinished("dev", "delivery");
        Assert.Equal(("pass", "aborted"), (finished.Data.GetString("result"), finished.Data.GetString("status")));
        Assert.Equal(SequenceState.Aborted, h.Execution(ctx).State);
        Assert.Empty(h.Open);
        Assert.DoesNotContain("sh.keptn.event.prod.delivery.triggered", h.EmittedTypes());
    }

    [Fact]
    public void AbortQueued_CancelsIt_WithoutTouchingTheRunningOne()
    {
        var h = EngineHarness.For(Shipyards.Minimal);
        var running = h.Trigger("dev", "artifact-delivery", version: "1");
        var queued = h.Trigger("dev", "artifact-delivery", version: "2");
        h.Control(queued, ControlState.Abort);
        Assert.Equal(SequenceState.Aborted, h.Execution(queued).State);
        Assert.Equal(running, Assert.Single(h.Open.Values).KeptnContext);
        h.Complete("deliver");
        Assert.Empty(h.Open);
    }

    [Fact]
    public void AbortPaused_AndAbortWaitingForApproval_BothEnd()
    {
        var h = EngineHarness.For(Shipyards.Approval);
        var paused = h.Trigger("dev", "delivery", version: "1");
        h.Control(paused, ControlState.Pause);
        var approving = h.Trigger("dev", "delivery", version: "2");
        h.Control(paused, ControlState.Abort);
        h.Control(approving, ControlState.Abort);
        Assert.Equal(SequenceState.Aborted, h.Execution(paused).State);
        Assert.Equal(SequenceState.Aborted, h.Execution(approving).State);
        Assert.Empty(h.Open);
        Assert.Equal(0, h.Engine.Book.Count);
    }

    [Fact]
    public void ControlForUnknownContextOrStage_IsRejected()
    {
        var h = EngineHarness.For(Shipyards.TwoStages);
        var ctx = h.Trigger("dev", "delivery");
        Assert.Equal(404, h.Control("nope", ControlState.Pause).Rejected!.Code);
        Assert.Equal(404, h.Control(ctx, ControlState.Pause, "prod").Rejected!.Code);
    }

    [Fact]
    public void PauseOneStage_LeavesOtherStagesOfTheContextRunning()
    {
        var h = EngineHarness.For(Shipyards.TwoStages);
        var ctx = h.Trigger("dev", "delivery");
        h.Complete("deployment");
        h.Complete("test");
        h.Complete("evaluation", result: "warning");
        h.Control(ctx, ControlState.Pause, "prod");
        Assert.Equal(SequenceState.Paused, h.Execution(ctx, "prod").State);
        Assert.Equal(SequenceState.Started, h.Execution(ctx, "canary").State);
    }
}
