using System.Text.Json.Nodes;
using Bosun.Core.Sequences;
using Bosun.Core.Tracing;

namespace Bosun.Core.Tests.Tracing;

/// <summary>The W3C trace context of a sequence (DESIGN §7): parsed as the W3C says, derived from stored ids alone.</summary>
public sealed class SequenceTraceTests
{
    [Theory]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", true)]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", false)]
    // A later version is read by its first four fields.
    [InlineData("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09-whatever", true)]
    public void Parse_ReadsValidTraceParents(string text, bool sampled)
    {
        var parsed = W3CTraceParent.Parse(text);
        Assert.NotNull(parsed);
        Assert.Equal(("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", sampled), (parsed.TraceId, parsed.SpanId, parsed.Sampled));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")] // uppercase
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")] // zero trace id
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")] // zero span id
    [InlineData("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")] // version ff
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")] // version 00 has exactly four fields
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01")] // misplaced dash
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g")]
    public void Parse_RefusesMalformedOnes(string? text) => Assert.Null(W3CTraceParent.Parse(text));

    private static SequenceExecution Execution(string context, string? traceParent = null) => new()
    {
        Id = "exec-1",
        KeptnContext = context,
        Project = "p",
        Stage = "dev",
        Service = "s",
        Sequence = "delivery",
        Order = 1,
        TriggeredAt = DateTimeOffset.UnixEpoch,
        InputData = new JsonObject(),
        TraceParent = traceParent,
    };

    [Fact]
    public void TheTrace_IsTheContextsUuid_OrAHashOfIt_UnlessTheTriggerCarriedOne()
    {
        Assert.Equal("01a24306-6bcc-73ed-a684-b2a6994315bb".Replace("-", "", StringComparison.Ordinal),
            SequenceTrace.TraceId(Execution("01a24306-6bcc-73ed-a684-b2a6994315bb")));
        var hashed = SequenceTrace.TraceId(Execution("not-a-uuid"));
        Assert.Matches("^[0-9a-f]{32}$", hashed);
        Assert.Equal(hashed, SequenceTrace.TraceId(Execution("not-a-uuid")));
        var joined = Execution("01a24306-6bcc-73ed-a684-b2a6994315bb", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
        Assert.Equal(("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", false),
            (SequenceTrace.TraceId(joined), SequenceTrace.RemoteParent(joined), SequenceTrace.Sampled(joined)));
        // A malformed traceparent is no trace context: the context's own trace, sampled.
        var malformed = Execution("01a24306-6bcc-73ed-a684-b2a6994315bb", "garbage");
        Assert.Equal(("01a243066bcc73eda684b2a6994315bb", null, true), (SequenceTrace.TraceId(malformed), SequenceTrace.RemoteParent(malformed), SequenceTrace.Sampled(malformed)));
    }

    [Fact]
    public void SpanIds_AreDerivedFromTheIds_DifferByKind_AndAreValid()
    {
        Assert.Equal(SequenceTrace.TaskSpanId("t1"), SequenceTrace.TaskSpanId("t1"));
        Assert.NotEqual(SequenceTrace.TaskSpanId("t1"), SequenceTrace.TaskSpanId("t2"));
        Assert.NotEqual(SequenceTrace.TaskSpanId("x"), SequenceTrace.StageSpanId("x"));
        Assert.Matches("^[0-9a-f]{16}$", SequenceTrace.StageSpanId("x"));
        var task = SequenceTrace.OfTask(Execution("01a24306-6bcc-73ed-a684-b2a6994315bb"), "t1");
        Assert.Equal($"00-01a243066bcc73eda684b2a6994315bb-{SequenceTrace.TaskSpanId("t1")}-01", task.ToString());
        Assert.Equal(task, W3CTraceParent.Parse(task.ToString()));
    }
}
