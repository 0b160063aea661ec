using Bosun.Core.Sequences;
using Bosun.TestKit;

namespace Bosun.Core.Tests.Sequences;

/// <summary>
/// DESIGN §8 backpressure in the engine: past the queue limit of a service and stage, a trigger is refused with 429
/// and nothing of it is kept; repeats of a queued version and chained stages are never refused.
/// </summary>
public sealed class QueueLimitTests
{
    private static EngineHarness Engine(int limit) =>
        new(new InMemoryCatalog().Add("podtato", Shipyards.DevThenProd, ["web", "api"]), new EngineOptions { QueueLimit = limit });

    private static int Waiting(EngineHarness engine, string stage = "dev", string service = "web") =>
        engine.Engine.Book.InScope(SequenceExecution.ScopeKey("podtato", stage, service)).Count(e => e.State.IsQueued());

    [Fact]
    public void PastTheLimit_ATriggerIsRefused_AndNothingOfItIsKept()
    {
        var engine = Engine(2);
        engine.Trigger("dev", "delivery", version: "1"); // runs
        engine.Trigger("dev", "delivery", version: "2"); // waits
        engine.Trigger("dev", "delivery", version: "3"); // waits: the queue holds 2
        var before = engine.Engine.Book.Count;
        engine.Trigger("dev", "delivery", version: "4");
        var refused = engine.Results[^1].Rejected;
        Assert.NotNull(refused);
        Assert.Equal(429, refused.Code);
        Assert.Equal("the queue of podtato/dev/web is full: 2 sequences wait (the limit is 2); try again later", refused.Message);
        Assert.Equal(before, engine.Engine.Book.Count);
        Assert.Null(engine.Results[^1].Inbound);

        // A repeat of a version that waits starts nothing and is not refused; another service has a queue of its own.
        engine.Trigger("dev", "delivery", version: "3");
        Assert.Null(engine.Results[^1].Rejected);
        engine.Trigger("dev", "delivery", service: "api", version: "1");
        Assert.Null(engine.Results[^1].Rejected);
    }

    [Fact]
    public void WhenTheRunningOneEnds_TheQueueMoves_AndATriggerIsTakenAgain()
    {
        var engine = Engine(1);
        engine.Trigger("dev", "delivery", version: "1");
        engine.Trigger("dev", "delivery", version: "2");
        engine.Trigger("dev", "delivery", version: "3");
        Assert.Equal(429, engine.Results[^1].Rejected?.Code);
        engine.Complete("deliver"); // 1 ends (and chains prod), 2 starts
        Assert.Equal(0, Waiting(engine));
        engine.Trigger("dev", "delivery", version: "3");
        Assert.Null(engine.Results[^1].Rejected);
        Assert.Equal(1, Waiting(engine));
    }

    [Fact]
    public void AChainedStage_IsNeverRefused_EvenWithItsQueueFull()
    {
        var engine = Engine(1);
        engine.Trigger("prod", "delivery", version: "p1"); // prod runs p1
        engine.Trigger("prod", "delivery", version: "p2"); // prod's queue is full
        engine.Trigger("dev", "delivery", version: "1");
        engine.Complete("deliver", stage: "dev"); // dev passes: prod.delivery of 1 is chained past the limit
        Assert.Equal(2, Waiting(engine, "prod"));
    }
}
