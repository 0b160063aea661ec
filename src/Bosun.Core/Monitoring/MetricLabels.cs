using System.Text;
using Bosun.Core.Events;
using Bosun.Core.Shipyard;

namespace Bosun.Core.Monitoring;

/// <summary>
/// Label values for the public <c>/metrics</c>: escaped as the Prometheus text format requires, and bounded in
/// number. An event type becomes a label only when a shipyard defines it (its stage and sequence, or its task) or it
/// is one of Keptn's own types; any other name a client invents counts under <see cref="Other"/>.
/// </summary>
public static class MetricLabels
{
    public const string Other = "other";

    private static readonly HashSet<string> KeptnTypes = new(
        new[] { "sh.keptn.log.error", "sh.keptn.events.problem", "sh.keptn.event.monitoring.configure" }
            .Concat(from change in new[] { "project.create", "project.delete", "service.create", "service.delete" }
                    from kind in new[] { "triggered", "started", "finished" }
                    select $"sh.keptn.event.{change}.{kind}"),
        StringComparer.Ordinal);

    /// <summary>Tasks Bosun's built-in integrations emit whatever the shipyard says (evaluation and remediation).</summary>
    private static readonly HashSet<string> BuiltInTasks = new(StringComparer.Ordinal) { "get-sli", "get-action", "action", "evaluation" };

    /// <summary>The label for <paramref name="type"/>: itself when <paramref name="shipyard"/> or Keptn defines it, else <see cref="Other"/>.</summary>
    public static string EventType(string type, ShipyardSpec? shipyard)
    {
        if (KeptnTypes.Contains(type))
        {
            return type;
        }
        var parsed = KeptnEventType.Parse(type);
        if (!parsed.IsKeptnEvent || parsed.Kind == EventKind.Unknown || shipyard is null)
        {
            return Other;
        }
        var defined = parsed.IsSequence
            ? shipyard.FindStage(parsed.Stage!)?.FindSequence(parsed.Name) is not null
            : BuiltInTasks.Contains(parsed.Name) || shipyard.Stages.Any(s => s.Sequences.Any(q => q.Tasks.Any(t => t.Name == parsed.Name)));
        return defined ? type : Other;
    }

    /// <summary>A label value as the text format writes it: backslash, double quote and line feed escaped.</summary>
    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny("\\\"\n") < 0)
        {
            return value;
        }
        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            text.Append(c switch { '\\' => "\\\\", '"' => "\\\"", '\n' => "\\n", _ => c.ToString() });
        }
        return text.ToString();
    }
}
