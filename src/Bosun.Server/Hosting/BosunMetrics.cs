using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Bosun.Core.Events;
using Bosun.Core.Monitoring;
using Bosun.Core.Sequences;
using Bosun.Server.Engine;

namespace Bosun.Server.Hosting;

/// <summary>
/// The counters behind <c>GET /metrics</c>, written in the Prometheus text format; event types are labels only as
/// <see cref="MetricLabels"/> allows, so no client can add a series per name it invents.
/// </summary>
internal sealed class BosunMetrics(ProjectCatalog catalog)
{
    private static readonly double[] Buckets = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600];
    private readonly ConcurrentDictionary<string, long> _ingested = new();
    private readonly ConcurrentDictionary<SequenceState, long> _ended = new();
    private readonly long[] _bucketCounts = new long[Buckets.Length];
    private readonly Lock _histogram = new();
    private IReadOnlyDictionary<SequenceState, int> _active = new Dictionary<SequenceState, int>();
    private long _durationCount;
    private double _durationSum;

    public void Record(IEnumerable<KeptnEvent> stored, IEnumerable<TimeSpan> taskDurations, IEnumerable<SequenceState> ended)
    {
        foreach (var evt in stored)
        {
            var label = MetricLabels.EventType(evt.Type, evt.Project is { Length: > 0 } project ? catalog.GetShipyard(project) : null);
            _ingested.AddOrUpdate(label, 1, (_, n) => n + 1);
        }
        foreach (var state in ended)
        {
            _ended.AddOrUpdate(state, 1, (_, n) => n + 1);
        }
        lock (_histogram)
        {
            foreach (var duration in taskDurations)
            {
                var seconds = duration.TotalSeconds;
                _durationCount++;
                _durationSum += seconds;
                for (var i = 0; i < Buckets.Length; i++)
                {
                    if (seconds <= Buckets[i])
                    {
                        _bucketCounts[i]++;
                    }
                }
            }
        }
    }

    public void SetActive(IReadOnlyDictionary<SequenceState, int> counts) => _active = counts;

    public string Render()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append("# HELP bosun_events_ingested_total Events stored, by type.\n# TYPE bosun_events_ingested_total counter\n");
        foreach (var (type, n) in _ingested.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(c, $"bosun_events_ingested_total{{type=\"{MetricLabels.Escape(type)}\"}} {n}\n");
        }
        text.Append("# HELP bosun_sequences Sequence executions by state (active ones now, ended ones since start).\n# TYPE bosun_sequences gauge\n");
        var active = _active;
        foreach (var state in Enum.GetValues<SequenceState>())
        {
            var n = state.IsActive() ? active.GetValueOrDefault(state) : _ended.GetValueOrDefault(state);
            text.Append(c, $"bosun_sequences{{state=\"{state.ToWire()}\"}} {n}\n");
        }
        text.Append("# HELP bosun_task_duration_seconds Time from a task's .triggered to its completion.\n# TYPE bosun_task_duration_seconds histogram\n");
        lock (_histogram)
        {
            for (var i = 0; i < Buckets.Length; i++)
            {
                text.Append(c, $"bosun_task_duration_seconds_bucket{{le=\"{Buckets[i]}\"}} {_bucketCounts[i]}\n");
            }
            text.Append(c, $"bosun_task_duration_seconds_bucket{{le=\"+Inf\"}} {_durationCount}\n");
            text.Append(c, $"bosun_task_duration_seconds_sum {_durationSum}\nbosun_task_duration_seconds_count {_durationCount}\n");
        }
        return text.ToString();
    }
}
