using System.Security.Cryptography;
using System.Text;
using Bosun.Core.Sequences;

namespace Bosun.Core.Tracing;

/// <summary>
/// The trace of a keptnContext (DESIGN §7), derived from what is stored rather than kept in memory, so every replica
/// and every restart names the same spans: the trace id is the context's (a UUID's 32 hex digits, else a hash of it)
/// unless the context's first trigger carried a <c>traceparent</c>, whose trace it joins; each stage's sequence span
/// and each task span has an id hashed from the execution's or the task's <c>.triggered</c> event id.
/// </summary>
public static class SequenceTrace
{
    public static string TraceId(SequenceExecution execution) => TraceId(execution.KeptnContext, execution.TraceParent);

    public static string TraceId(string keptnContext, string? traceParent)
    {
        if (W3CTraceParent.Parse(traceParent) is { } joined)
        {
            return joined.TraceId;
        }
        if (Guid.TryParse(keptnContext, out var uuid) && uuid != Guid.Empty)
        {
            return uuid.ToString("N");
        }
        return Hash("context", keptnContext, 16);
    }

    /// <summary>The span the context's first trigger came from, parent of every stage span; null when none.</summary>
    public static string? RemoteParent(SequenceExecution execution) => W3CTraceParent.Parse(execution.TraceParent)?.SpanId;

    public static bool Sampled(SequenceExecution execution) => W3CTraceParent.Parse(execution.TraceParent)?.Sampled ?? true;

    public static string StageSpanId(string executionId) => Hash("stage", executionId, 8);

    public static string TaskSpanId(string triggeredId) => Hash("task", triggeredId, 8);

    /// <summary>The <c>traceparent</c> a task's <c>.triggered</c> event carries: its executors' work joins the task's span.</summary>
    public static W3CTraceParent OfTask(SequenceExecution execution, string triggeredId) =>
        new(TraceId(execution), TaskSpanId(triggeredId), Sampled(execution));

    private static string Hash(string kind, string id, int bytes)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"bosun/{kind}/{id}"));
        var hex = Convert.ToHexStringLower(digest.AsSpan(0, bytes));
        // An all-zero id is invalid in W3C trace context; a hash that gives one is as good as never seen.
        return hex.All(c => c == '0') ? "1" + hex[1..] : hex;
    }
}
