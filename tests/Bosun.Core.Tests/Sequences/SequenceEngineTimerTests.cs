using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Bosun.TestKit;

namespace Bosun.Core.Tests.Sequences;

public class SequenceEngineTimerTests
{
    private const string Timed = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: { name: t }
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: deployment
                      properties:
                        timeout: 30m
                    - name: test
                      triggeredAfter: 15m
                - name: rollback
                  triggeredOn:
                    - event: dev.delivery.finished
                      selector:
                        match:
                          deployment.result: fail
                  tasks:
                    - name: rollback
        """;

    [Fact]
    public void TaskWithoutAnyAnswer_TimesOutAfterTenMinutes_WithoutChaining()
    {
        var h = EngineHarness.For(Shipyards.TwoStages);
        var ctx = h.Trigger("dev", "delivery");
        Assert.Equal(h.Now + TimeSpan.FromMinutes(10), h.Engine.NextDue());
        h.Advance(TimeSpan.FromMinutes(9));
        Assert.DoesNotContain("sh.keptn.event.dev.delivery.finished", h.EmittedTypes());
        h.Advance(TimeSpan.FromMinutes(1));
        var finished = h.LastFinished("dev", "delivery");
        Assert.Equal(("fail", "errored"), (finished.Data.GetString("result"), finished.Data.GetString("status")));
        Assert.Equal("sequence timed out while waiting for task sh.keptn.event.deployment.triggered to receive a correlating .started or .finished event", finished.Data.GetString("message"));
        Assert.Equal(SequenceState.TimedOut, h.Execution(ctx).State);
        Assert.DoesNotContain("sh.keptn.event.dev.rollback.triggered", h.EmittedTypes());
        Assert.Empty(h.Open);
    }

    [Fact]
    public void StartedTask_HasNoKeptnTimeout()
    {
        var h = EngineHarness.For(Shipyards.TwoStages);
        h.Trigger("dev", "delivery");
        h.Started(h.OpenTask("deployment"));
        Assert.Null(h.Engine.NextDue());
        h.Advance(TimeSpan.FromHours(5));
        Assert.Single(h.Open);
    }

    [Fact]
    public void PropertiesTimeout_FailsTheOpenTaskEvenAfterStarted_AndChainsOnFail_DesignDecision5()
    {
        var h = EngineHarness.For(Timed);
        h.Trigger("dev", "delivery");
        h.Started(h.OpenTask("deployment"));
        h.Advance(TimeSpan.FromMinutes(29));
        Assert.Single(h.Open);
        h.Advance(TimeSpan.FromMinutes(1));
        var finished = h.LastFinished("dev", "delivery");
        Assert.Equal(("fail", "errored"), (finished.Data.GetString("result"), finished.Data.GetString("status")));
        Assert.Equal("task deployment did not finish within its timeout of 30m", finished.Data.GetString("message"));
        Assert.Equal("rollback", KeptnEventType.Parse(Assert.Single(h.Open.Values).Type).Name);
    }

    [Fact]
    public void TriggeredAfter_DelaysTheTask_AndDoesNotTimeOutWhileDelayed()
    {
        var h = EngineHarness.For(Timed);
        h.Trigger("dev", "delivery");
        h.Complete("deployment");
        Assert.Empty(h.Open);
        Assert.Equal(h.Now + TimeSpan.FromMinutes(15), h.Engine.NextDue());
        h.Advance(TimeSpan.FromMinutes(14));
        Assert.Empty(h.Open);
        Assert.DoesNotContain("sh.keptn.event.dev.delivery.finished", h.EmittedTypes());
        h.Advance(TimeSpan.FromMinutes(1));
        var test = h.OpenTask("test");
        Assert.Equal(h.Now, test.Time);
        // The ten-minute wait counts from when the task was sent, not from when it was scheduled.
        h.Advance(TimeSpan.FromMinutes(9));
        Assert.Single(h.Open);
        h.Complete("test");
        Assert.Equal("pass", h.LastFinished("dev", "delivery").Data.GetString("result"));
    }
}
