using System.Diagnostics;
using Bosun.Server.Hosting.Telemetry;

namespace Bosun.Server.Tests.Telemetry;

/// <summary>
/// The one place Bosun reaches inside <see cref="Activity"/>: setting a span's derived id. Should the runtime rename
/// the fields, this fails first (the spans would keep random ids and their children lose their parent).
/// </summary>
public sealed class FixedSpanTests
{
    [Fact]
    public void ASpanRecordedAfterTheFact_HasTheIdItWasGiven_AndItsTimes()
    {
        Assert.True(FixedSpan.Supported, "System.Diagnostics.Activity no longer keeps its span id in _spanId/_id");
        var seen = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == BosunTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (seen)
                {
                    seen.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var parent = new ActivityContext(ActivityTraceId.CreateFromString("4bf92f3577b34da6a3ce929d0e0e4736"), ActivitySpanId.CreateFromString("00f067aa0ba902b7"), ActivityTraceFlags.Recorded);
        var start = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        FixedSpan.Record("fixed-span-test", ActivityKind.Internal, parent, "4bf92f3577b34da6a3ce929d0e0e4736", "0123456789abcdef", start, start.AddMinutes(2), [new("keptn.task", "deliver")]);
        // A root span gets the trace id it is given too.
        FixedSpan.Record("fixed-root-test", ActivityKind.Internal, default, "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", start, start.AddMinutes(1), []);

        Activity span;
        lock (seen)
        {
            span = Assert.Single(seen, a => a.OperationName == "fixed-span-test");
        }
        Assert.Equal(("0123456789abcdef", "00f067aa0ba902b7", "4bf92f3577b34da6a3ce929d0e0e4736"), (span.SpanId.ToHexString(), span.ParentSpanId.ToHexString(), span.TraceId.ToHexString()));
        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-0123456789abcdef-01", span.Id);
        Assert.Equal((start.UtcDateTime, TimeSpan.FromMinutes(2)), (span.StartTimeUtc, span.Duration));
        Assert.Equal("deliver", span.GetTagItem("keptn.task"));
        Activity root;
        lock (seen)
        {
            root = Assert.Single(seen, a => a.OperationName == "fixed-root-test");
        }
        Assert.Equal(("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", default(ActivitySpanId)), (root.TraceId.ToHexString(), root.SpanId.ToHexString(), root.ParentSpanId));
        Assert.StartsWith("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-", root.Id, StringComparison.Ordinal);
    }
}
