using System.Collections.Concurrent;
using Bosun.Core.Monitoring;

namespace Bosun.Server.Hosting.Telemetry;

/// <summary>
/// Keeps a label's values few: the first <paramref name="limit"/> distinct values are themselves, any later one counts
/// under <see cref="MetricLabels.Other"/>, so a client that invents names (an executor's source) cannot add series without end.
/// </summary>
internal sealed class LabelBudget(int limit)
{
    private readonly ConcurrentDictionary<string, bool> _seen = new(StringComparer.Ordinal);

    public string Of(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "none";
        }
        if (_seen.ContainsKey(value))
        {
            return value;
        }
        if (_seen.Count >= limit)
        {
            return MetricLabels.Other;
        }
        _seen.TryAdd(value, true);
        return value;
    }
}
