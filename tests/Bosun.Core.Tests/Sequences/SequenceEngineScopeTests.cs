using Bosun.Core.Sequences;
using Bosun.TestKit;

namespace Bosun.Core.Tests.Sequences;

/// <summary>What a writer sharing the store with others needs of the engine (docs/architecture.md, "The unit of consistency is a scope").</summary>
public class SequenceEngineScopeTests
{
    [Fact]
    public void DueAt_OfEachExecution_GivesTheEngineNextDue()
    {
        var h = EngineHarness.For(Shipyards.TwoStages, "web", "api");
        var web = h.Trigger("dev", "delivery", "web");
        h.Advance(TimeSpan.FromMinutes(3));
        var api = h.Trigger("dev", "delivery", "api");
        Assert.Equal(h.Now + TimeSpan.FromMinutes(7), SequenceEngine.DueAt(h.Execution(web)));
        Assert.Equal(h.Now + TimeSpan.FromMinutes(10), SequenceEngine.DueAt(h.Execution(api)));
        Assert.Equal(h.Engine.Book.All.Min(SequenceEngine.DueAt), h.Engine.NextDue());
        h.Started(h.OpenTask("deployment", service: "web"));
        Assert.Null(SequenceEngine.DueAt(h.Execution(web)));
        h.Control(api, ControlState.Pause);
        Assert.Null(SequenceEngine.DueAt(h.Execution(api)));
    }

    [Fact]
    public void Tick_WithASelection_TimesOutOnlyTheSelectedExecutions()
    {
        var h = EngineHarness.For(Shipyards.TwoStages, "web", "api");
        var web = h.Trigger("dev", "delivery", "web");
        var api = h.Trigger("dev", "delivery", "api");
        var result = h.Engine.Tick(h.Now + TimeSpan.FromMinutes(11), e => e.Service == "api");
        Assert.Equal([h.Execution(api, "dev").Id], result.Changed.Select(e => e.Id).Distinct());
        Assert.Equal(SequenceState.TimedOut, result.Changed.Last(e => e.KeptnContext == api).State);
        Assert.True(h.Execution(web).IsActive);
    }

    [Fact]
    public void ReplaceService_SwapsOneServiceInEveryStage_AndKeepsTheOthers()
    {
        var h = EngineHarness.For(Shipyards.TwoStages, "web", "api");
        var web = h.Trigger("dev", "delivery", "web");
        var api = h.Trigger("dev", "delivery", "api");
        var webTask = h.OpenTask("deployment", service: "web");
        var reloaded = h.Execution(web);
        h.Engine.Book.ReplaceService("podtato", "web", []);
        Assert.Null(h.Engine.Book.FindByOpenTask(webTask.Id));
        Assert.Equal(SequenceEngine.DueAt(h.Execution(api)), h.Engine.NextDue());
        Assert.Single(h.Engine.Book.All, e => e.KeptnContext == api);
        h.Engine.Book.ReplaceService("podtato", "web", [reloaded]);
        Assert.Same(reloaded, h.Engine.Book.FindByOpenTask(webTask.Id));
        Assert.Equal(2, h.Engine.Book.Count);
    }
}
