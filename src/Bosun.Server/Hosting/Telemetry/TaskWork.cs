using System.Diagnostics;
using Bosun.Core.Events;

namespace Bosun.Server.Hosting.Telemetry;

/// <summary>
/// Spans of a built-in integration's work on a task (a webhook request, an SLI query, an Argo CD wait): children of the
/// task's span, named by the <c>traceparent</c> its <c>.triggered</c> event carries (DESIGN §7).
/// </summary>
internal static class TaskWork
{
    /// <summary>Starts a span under the task of <paramref name="triggered"/>; null when nothing listens (or it carries no trace).</summary>
    public static Activity? Start(string name, KeptnEvent triggered, ActivityKind kind = ActivityKind.Internal, params (string Key, object? Value)[] tags) =>
        Begin(name, triggered, kind, default, tags);

    /// <summary>Records a wait that already ended (it may have begun before a restart) under the task of <paramref name="triggered"/>.</summary>
    public static void Record(string name, KeptnEvent triggered, DateTimeOffset start, DateTimeOffset end, string? failure, params (string Key, object? Value)[] tags)
    {
        using var activity = Begin(name, triggered, ActivityKind.Internal, start, tags);
        if (activity is null)
        {
            return;
        }
        if (failure is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, failure);
        }
        activity.SetEndTime(end.UtcDateTime);
    }

    private static Activity? Begin(string name, KeptnEvent triggered, ActivityKind kind, DateTimeOffset start, (string Key, object? Value)[] tags)
    {
        if (!BosunTelemetry.Source.HasListeners() || SequenceSpans.TaskContext(triggered) is not { } parent)
        {
            return null;
        }
        var activity = BosunTelemetry.Source.StartActivity(name, kind, parent, startTime: start);
        if (activity is not null)
        {
            activity.SetTag("keptn.context", triggered.KeptnContext);
            activity.SetTag("keptn.triggeredid", triggered.Id);
            foreach (var (key, value) in tags)
            {
                activity.SetTag(key, value);
            }
        }
        return activity;
    }

    /// <summary>
    /// The <c>traceparent</c> a request made for the task sends: the span of the request when one is recorded, else the
    /// task's own (so a called system joins the trace whether or not Bosun exports it).
    /// </summary>
    public static string? TraceParent(Activity? span, KeptnEvent triggered) => span?.Id ?? triggered.Extensions?.GetString("traceparent");
}
