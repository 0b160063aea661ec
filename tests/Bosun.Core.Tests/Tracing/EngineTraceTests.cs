using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Bosun.Core.Tracing;
using Bosun.TestKit;

namespace Bosun.Core.Tests.Tracing;

/// <summary>What the engine keeps and sends for traces (DESIGN §7): the trigger's traceparent, task spans, executors.</summary>
public sealed class EngineTraceTests
{
    private const string Incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static SequenceExecution Execution(EngineHarness engine, string stage) =>
        engine.Results.SelectMany(r => r.Changed).First(e => e.Stage == stage);

    [Fact]
    public void ATriggersTraceParent_IsKept_PassedToTheChainedStage_AndEachTaskCarriesItsSpan()
    {
        var engine = EngineHarness.For(Shipyards.DevThenProd);
        var data = new JsonObject { ["project"] = "podtato", ["stage"] = "dev", ["service"] = "web" };
        engine.Ingest(new KeptnEvent("trigger-1", "ci", "sh.keptn.event.dev.delivery.triggered", "ctx-1", null, engine.Now, data,
            Extensions: new JsonObject { ["traceparent"] = Incoming }));
        var deliver = engine.OpenTask("deliver");
        var dev = Execution(engine, "dev");
        Assert.Equal(Incoming, dev.TraceParent);
        Assert.Equal($"00-4bf92f3577b34da6a3ce929d0e0e4736-{SequenceTrace.TaskSpanId(deliver.Id)}-01", deliver.Extensions?.GetString("traceparent"));

        engine.Started(deliver, source: "bosun-argocd");
        engine.Finished(deliver, source: "bosun-argocd");
        Assert.Equal(["bosun-argocd"], Assert.Single(dev.Completed).Executors);

        var prod = Execution(engine, "prod");
        Assert.Equal((Incoming, dev.Id), (prod.TraceParent, prod.ChainedFrom));
        Assert.StartsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-", engine.OpenTask("deliver", "prod").Extensions?.GetString("traceparent"), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutATraceParent_TheTaskCarriesTheContextsTrace()
    {
        var engine = EngineHarness.For(Shipyards.DevThenProd);
        var context = engine.Trigger("dev", "delivery", context: "01a24306-6bcc-73ed-a684-b2a6994315bb");
        var deliver = engine.OpenTask("deliver");
        Assert.Null(Execution(engine, "dev").TraceParent);
        Assert.Equal($"00-{context.Replace("-", "", StringComparison.Ordinal)}-{SequenceTrace.TaskSpanId(deliver.Id)}-01", deliver.Extensions?.GetString("traceparent"));
    }
}
