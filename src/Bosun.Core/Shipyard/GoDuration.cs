using System.Globalization;
using System.Text.RegularExpressions;

namespace Bosun.Core.Shipyard;

/// <summary>Go's <c>time.ParseDuration</c> syntax (<c>10m</c>, <c>1h30m</c>, <c>1.5s</c>, <c>500ms</c>).</summary>
public static partial class GoDuration
{
    /// <summary>Whole seconds as Go's <c>Duration.String</c> writes them: <c>1h30m0s</c>, <c>10m0s</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        var seconds = (long)value.TotalSeconds;
        var (h, m, sec) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
        return h > 0 ? string.Create(CultureInfo.InvariantCulture, $"{h}h{m}m{sec}s")
            : m > 0 ? string.Create(CultureInfo.InvariantCulture, $"{m}m{sec}s")
            : string.Create(CultureInfo.InvariantCulture, $"{sec}s");
    }

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        if (text == "0")
        {
            return true;
        }
        var matches = Part().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text)
        {
            return false;
        }
        double ticks = 0;
        foreach (Match m in matches)
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            ticks += m.Groups[2].Value switch
            {
                "ns" => n / 100,
                "us" or "µs" => n * 10,
                "ms" => n * TimeSpan.TicksPerMillisecond,
                "s" => n * TimeSpan.TicksPerSecond,
                "m" => n * TimeSpan.TicksPerMinute,
                _ => n * TimeSpan.TicksPerHour,
            };
        }
        value = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex Part();
}
