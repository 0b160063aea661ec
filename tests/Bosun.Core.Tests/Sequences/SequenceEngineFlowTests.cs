using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.TestKit;

namespace Bosun.Core.Tests.Sequences;

/// <summary>Keptn's shipyard-controller component scenarios: a sequence from trigger to chained stages.</summary>
public class SequenceEngineFlowTests
{
    [Fact]
    public void FullSequence_RunsTasksInOrder_ThenChainsNextStage()
    {
        var h = EngineHarness.For(Shipyards.TwoStages);
        var ctx = h.Trigger("dev", "delivery", version: "1.0");
        h.Complete("deployment");
        h.Complete("test");
        h.Complete("evaluation");
        h.Complete("deployment", stage: "prod");
        h.Complete("release", stage: "prod");
        Assert.Equal(
        [
            "sh.keptn.event.deployment.triggered", "sh.keptn.event.test.triggered", "sh.keptn.event.evaluation.triggered",
            "sh.keptn.event.dev.delivery.finished", "sh.keptn.event.prod.delivery.triggered", "sh.keptn.event.deployment.triggered",
            "sh.keptn.event.release.triggered", "sh.keptn.event.prod.delivery.finished",
        ], h.EmittedTypes());
        Assert.All(h.Emitted, e => Assert.Equal(ctx, e.KeptnContext));
        var finished = h.LastFinished("prod", "delivery");
        Assert.Equal("pass", finished.Data.GetString("result"));
        Assert.Equal("succeeded", finished.Data.GetString("status"));
        Assert.Equal("1.0", finished.Data.GetPath("labels.version"));
        Assert.Empty(h.Open);
        Assert.Equal(0, h.Engine.Book.Count);
    }

    [Fact]
    public void TaskTriggered_CarriesInputPreviousResultsAndOwnProperties()
    {
        var h = EngineHarness.For(Shipyards.TwoStages);
        h.Trigger("dev", "delivery", extra: new JsonObject { ["configurationChange"] = new JsonObject { ["values"] = new JsonObject { ["image"] = "web:1" } }, ["message"] = "hello" });
        var deployment = h.OpenTask("deployment");
        Assert.Equal("direct", deployment.Data.GetPath("deployment.deploymentstrategy"));
        Assert.Equal(string.Empty, deployment.Data.GetString("message"));
        Assert.Null(deployment.TriggeredId);
        Assert.Equal("shipyard-controller", deployment.Source);
        h.Complete("deployment", result: KeptnResult.Warning, data: new JsonObject { ["deployment"] = new JsonObject { ["deploymentURIsLocal"] = new JsonArray("http://web") } });
        var test = h.OpenTask("test");
        Assert.Equal("warning", test.Data.GetString("result"));
        Assert.Equal("succeeded", test.Data.GetString("status"));
        Assert.Equal("functional", test.Data.GetPath("test.teststrategy"));
        Assert.Equal("web:1", test.Data.GetPath("configurationChange.values.image"));
        Assert.Equal("http://web", test.Data["deployment"]!["deploymentURIsLocal"]![0]!.GetValue<string>());
    }

    [Fact]
    public void FinishedBeforeStarted_CompletesOnlyOnceStartedBalancesIt()
    {
        var h = EngineHarness.For(Shipyards.Minimal);
        h.Trigger("dev", "artifact-delivery");
        var deliver = h.OpenTask("deliver");
        h.Finished(deliver);
        Assert.DoesNotContain("sh.keptn.event.dev.artifact-delivery.finished", h.EmittedTypes());
        h.Started(deliver);
        Assert.Equal("pass", h.LastFinished("dev", "artifact-delivery").Data.GetString("result"));
    }

    [Fact]
    public void ErroredFinished_StopsSequence_AndTriggersFailSelector()
    {
        var h = EngineHarness.For(Shipyards.TwoStages);
        h.Trigger("dev", "delivery");
        var deployment = h.OpenTask("deployment");
        h.Started(deployment);
        h.Finished(deployment, KeptnResult.Fail, KeptnStatus.Errored);
        var finished = h.LastFinished("dev", "delivery");
        Assert.Equal(("fail", "errored"), (finished.Data.GetString("result"), finished.Data.GetString("status")));
        Assert.DoesNotContain("sh.keptn.event.test.triggered", h.EmittedTypes());
        Assert.DoesNotContain("sh.keptn.event.prod.delivery.triggered", h.EmittedTypes());
        Assert.Contains("sh.keptn.event.dev.rollback.triggered", h.EmittedTypes());
        Assert.Equal("dev", h.OpenTask("rollback").Stage);
    }

    [Fact]
    public void SeveralExecutors_OneFailing_TaskFailsOnlyWhenAllAnswered()
    {
        var h = EngineHarness.For(Shipyards.Minimal);
        h.Trigger("dev", "artifact-delivery");
        var deliver = h.OpenTask("deliver");
        h.Started(deliver, "a");
        h.Started(deliver, "b");
        h.Finished(deliver, source: "a");
        Assert.Single(h.Open);
        h.Finished(deliver, KeptnResult.Fail, source: "b");
        Assert.Equal("fail", h.LastFinished("dev", "artifact-delivery").Data.GetString("result"));
    }

    [Fact]
    public void Warning_DoesNotStopSequence_AndSelectsTaskResultTrigger()
    {
        var h = EngineHarness.For(Shipyards.TwoStages);
        h.Trigger("dev", "delivery");
        h.Complete("deployment");
        h.Complete("test");
        h.Complete("evaluation", result: KeptnResult.Warning);
        Assert.Equal("warning", h.LastFinished("dev", "delivery").Data.GetString("result"));
        // No selector: pass or warning; "evaluation.result: warning": the last task's result.
        Assert.Contains("sh.keptn.event.prod.delivery.triggered", h.EmittedTypes());
        Assert.Contains("sh.keptn.event.canary.delivery.triggered", h.EmittedTypes());
        Assert.DoesNotContain("sh.keptn.event.dev.rollback.triggered", h.EmittedTypes());
        Assert.Equal(2, h.Open.Count); // prod and canary run in parallel
    }

    [Fact]
    public void MissingStage_FinishesAtOnceErrored()
    {
        var h = EngineHarness.For(Shipyards.TwoStages);
        h.Trigger("staging", "delivery");
        var finished = Assert.Single(h.Emitted);
        Assert.Equal("sh.keptn.event.staging.delivery.finished", finished.Type);
        Assert.Equal(("fail", "errored"), (finished.Data.GetString("result"), finished.Data.GetString("status")));
        Assert.StartsWith("Unable to start sequence delivery: stage staging", finished.Data.GetString("message"));
        Assert.Equal("trigger-1", finished.TriggeredId);
    }

    [Theory]
    [InlineData("dev", "nosuch", "web", "sequence nosuch is not defined")]
    [InlineData("dev", "delivery", "api", "service api does not exist")]
    public void UnknownSequenceOrService_FinishesAtOnceErrored(string stage, string sequence, string service, string message)
    {
        var h = EngineHarness.For(Shipyards.TwoStages);
        h.Trigger(stage, sequence, service);
        Assert.Contains(message, Assert.Single(h.Emitted).Data.GetString("message"));
    }

    [Fact]
    public void EvaluationSequence_IsImplicitInEveryStage()
    {
        var h = EngineHarness.For(Shipyards.Minimal);
        h.Trigger("dev", "evaluation");
        h.Complete("evaluation");
        Assert.Equal(["sh.keptn.event.evaluation.triggered", "sh.keptn.event.dev.evaluation.finished"], h.EmittedTypes());
    }

    [Fact]
    public void UnknownProject_IsRejected()
    {
        var h = EngineHarness.For(Shipyards.Minimal);
        var data = new JsonObject { ["project"] = "nope", ["stage"] = "dev", ["service"] = "web" };
        var result = h.Ingest(new KeptnEvent("x", "t", "sh.keptn.event.dev.artifact-delivery.triggered", "c", null, h.Now, data));
        Assert.Equal(404, result.Rejected!.Code);
        Assert.Empty(h.Emitted);
    }

    [Fact]
    public void FinishedForUnknownTriggeredId_IsRejectedAndChangesNothing()
    {
        var h = EngineHarness.For(Shipyards.Minimal);
        h.Trigger("dev", "artifact-delivery");
        var deliver = h.OpenTask("deliver");
        var stray = h.Answer(deliver, "finished", "x", "pass", "succeeded") with { TriggeredId = "nope" };
        var result = h.Ingest(stray);
        Assert.Equal(400, result.Rejected!.Code);
        Assert.Contains("does not match an open task", result.Rejected.Message);
        Assert.Empty(result.Changed);
        Assert.Single(h.Open);
    }

    [Fact]
    public void AnswerOfOtherType_IsRejected()
    {
        var h = EngineHarness.For(Shipyards.TwoStages);
        h.Trigger("dev", "delivery");
        var deployment = h.OpenTask("deployment");
        var wrong = h.Answer(deployment, "started", "x", null, null) with { Type = "sh.keptn.event.test.started" };
        Assert.Contains("does not answer the open task", h.Ingest(wrong).Rejected!.Message);
    }
}
