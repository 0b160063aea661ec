using System.Diagnostics;
using System.Reflection;

namespace Bosun.Server.Hosting.Telemetry;

/// <summary>
/// Records a span that already happened, under the id <see cref="Bosun.Core.Tracing.SequenceTrace"/> derived for it, so that
/// children sent before it ended (an executor's work, a webhook request, a span written before a restart) name it as their
/// parent. <see cref="Activity"/> always draws a random span id (and a root span's trace id) and has no setter for them;
/// they are set on the fields they are read from, once the activity started and before it stops (when exporters read it). Should a later runtime name
/// those fields otherwise, the span keeps its random id (still in its trace, under its parent) and a test says so.
/// </summary>
internal static class FixedSpan
{
    private static readonly FieldInfo? SpanIdField = typeof(Activity).GetField("_spanId", BindingFlags.Instance | BindingFlags.NonPublic);
    private static readonly FieldInfo? IdField = typeof(Activity).GetField("_id", BindingFlags.Instance | BindingFlags.NonPublic);
    private static readonly FieldInfo? TraceIdField = typeof(Activity).GetField("_traceId", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>Whether spans get the derived ids on this runtime.</summary>
    public static bool Supported =>
        SpanIdField?.FieldType == typeof(string) && IdField?.FieldType == typeof(string) && TraceIdField?.FieldType == typeof(string);

    /// <param name="parent">The parent span; <c>default</c> for a root span, which is then put in <paramref name="traceId"/>.</param>
    public static void Record(
        string name,
        ActivityKind kind,
        ActivityContext parent,
        string traceId,
        string spanId,
        DateTimeOffset start,
        DateTimeOffset end,
        IEnumerable<KeyValuePair<string, object?>> tags,
        IEnumerable<ActivityLink>? links = null,
        (ActivityStatusCode Code, string? Description)? status = null)
    {
        using var activity = BosunTelemetry.Source.CreateActivity(name, kind, parent, tags, links);
        if (activity is null)
        {
            return;
        }
        activity.SetStartTime(start.UtcDateTime);
        activity.Start();
        if (Supported)
        {
            // A root span's trace id is drawn at random too; a child's is its parent's already.
            if (parent == default)
            {
                TraceIdField!.SetValue(activity, traceId);
            }
            SpanIdField!.SetValue(activity, spanId);
            IdField!.SetValue(activity, null);
        }
        if (status is { } s)
        {
            activity.SetStatus(s.Code, s.Description);
        }
        activity.SetEndTime(end.UtcDateTime);
        activity.Stop();
    }
}
