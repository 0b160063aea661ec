using System.Diagnostics;
using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Bosun.Core.Tracing;
using Bosun.Server.Workers;

namespace Bosun.Server.Hosting.Telemetry;

/// <summary>
/// The spans of a keptnContext's trace that the writer knows of (DESIGN §7): each stage's sequence execution, from its
/// <c>.triggered</c> to its end, and under it each task from <c>.triggered</c> to its last <c>.finished</c>, recorded once
/// their transaction committed. Their ids come from <see cref="SequenceTrace"/>, so a sequence resumed after a restart,
/// or on another replica, goes on in the same trace under the same parents. A stage chained from another links to it.
/// </summary>
internal static class SequenceSpans
{
    public static void Record(CommitFacts facts)
    {
        if (!BosunTelemetry.Source.HasListeners())
        {
            return;
        }
        foreach (var (execution, task) in facts.Completed)
        {
            RecordTask(execution, task);
        }
        foreach (var execution in facts.Ended)
        {
            RecordStage(execution);
        }
    }

    /// <summary>The context a child of <paramref name="execution"/>'s stage span names as its parent.</summary>
    public static ActivityContext StageContext(SequenceExecution execution) =>
        Context(SequenceTrace.TraceId(execution), SequenceTrace.StageSpanId(execution.Id), SequenceTrace.Sampled(execution));

    /// <summary>The context a task's <c>.triggered</c> event carries as <c>traceparent</c>; null when it carries none (or a malformed one).</summary>
    public static ActivityContext? TaskContext(KeptnEvent triggered) =>
        W3CTraceParent.Parse(triggered.Extensions?.GetString("traceparent")) is { } parent
            ? Context(parent.TraceId, parent.SpanId, parent.Sampled)
            : null;

    private static void RecordTask(SequenceExecution execution, CompletedTask task)
    {
        var tags = Tags(execution);
        tags.Add(new("keptn.task", task.Name));
        tags.Add(new("keptn.triggeredid", task.TriggeredId));
        tags.Add(new("keptn.result", task.Result));
        tags.Add(new("keptn.status", task.Status));
        if (task.Executors is { Count: > 0 } executors)
        {
            tags.Add(new("keptn.executor", executors.ToArray()));
        }
        FixedSpan.Record(task.Name, ActivityKind.Internal, StageContext(execution), SequenceTrace.TraceId(execution), SequenceTrace.TaskSpanId(task.TriggeredId),
            task.TriggeredAt ?? task.FinishedAt, task.FinishedAt, tags, status: Status(task.Result, task.Status, task.Message));
    }

    private static void RecordStage(SequenceExecution execution)
    {
        var traceId = SequenceTrace.TraceId(execution);
        var sampled = SequenceTrace.Sampled(execution);
        var parent = SequenceTrace.RemoteParent(execution) is { } remote ? Context(traceId, remote, sampled, isRemote: true) : default;
        var tags = Tags(execution);
        tags.Add(new("keptn.result", execution.State == SequenceState.Finished ? execution.Result : execution.State.ToWire()));
        if (execution.Status is { } status)
        {
            tags.Add(new("keptn.status", status));
        }
        if (execution.Version is { } version)
        {
            tags.Add(new("keptn.version", version));
        }
        ActivityLink[]? links = execution.ChainedFrom is { } from
            ? [new ActivityLink(Context(traceId, SequenceTrace.StageSpanId(from), sampled))]
            : null;
        FixedSpan.Record($"{execution.Stage}.{execution.Sequence}", ActivityKind.Internal, parent, traceId, SequenceTrace.StageSpanId(execution.Id),
            execution.TriggeredAt, execution.FinishedAt ?? execution.UpdatedAt, tags, links,
            execution.State == SequenceState.Finished ? Status(execution.Result, execution.Status, execution.Message) : (ActivityStatusCode.Error, execution.Message ?? execution.State.ToWire()));
    }

    private static List<KeyValuePair<string, object?>> Tags(SequenceExecution execution) =>
    [
        new("keptn.context", execution.KeptnContext),
        new("keptn.project", execution.Project),
        new("keptn.stage", execution.Stage),
        new("keptn.service", execution.Service),
        new("keptn.sequence", execution.Sequence),
    ];

    private static (ActivityStatusCode, string?)? Status(string? result, string? status, string? message) =>
        result == KeptnResult.Fail || status == KeptnStatus.Errored ? (ActivityStatusCode.Error, message ?? result) : null;

    private static ActivityContext Context(string traceId, string spanId, bool sampled, bool isRemote = false) =>
        new(ActivityTraceId.CreateFromString(traceId), ActivitySpanId.CreateFromString(spanId),
            sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, isRemote: isRemote);
}
