using System.Globalization;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Shipyard;

namespace Bosun.Core.Evaluation;

/// <summary>
/// The window an evaluation looks at (spec/keptn.md §6.1 step 2 and §4.2): from an <c>evaluation.triggered</c>
/// event's data, and from the parameters of <c>POST …/evaluation</c>.
/// </summary>
public static class EvaluationTimeframe
{
    public static readonly TimeSpan DefaultTimeframe = TimeSpan.FromMinutes(5);
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ss.fff'Z'", "yyyy-MM-dd'T'HH:mm:ss"];

    /// <summary>
    /// <c>evaluation.start</c>+<c>end</c>, or <c>evaluation.timeframe</c> (from <c>start</c>, else ending now), else
    /// <c>test.start</c>+<c>end</c>; otherwise the lighthouse-service's error.
    /// </summary>
    public static (DateTimeOffset Start, DateTimeOffset End)? FromEvent(JsonObject data, DateTimeOffset now, out string? error)
    {
        error = null;
        var evaluation = data["evaluation"] as JsonObject;
        var start = evaluation?.GetString("start");
        var end = evaluation?.GetString("end");
        var timeframe = evaluation?.GetString("timeframe");
        try
        {
            if (!string.IsNullOrEmpty(start) && !string.IsNullOrEmpty(end))
            {
                return Window(Time(start, "evaluation.start"), Time(end, "evaluation.end"));
            }
            if (!string.IsNullOrEmpty(timeframe))
            {
                var span = Duration(timeframe, "evaluation.timeframe");
                return string.IsNullOrEmpty(start) ? (now - span, now) : Window(Time(start, "evaluation.start"), Time(start, "evaluation.start") + span);
            }
            if (data["test"] is JsonObject test && test.GetString("start") is { Length: > 0 } testStart && test.GetString("end") is { Length: > 0 } testEnd)
            {
                return Window(Time(testStart, "test.start"), Time(testEnd, "test.end"));
            }
        }
        catch (SloException e)
        {
            error = e.Message;
            return null;
        }
        error = "evaluation.triggered event does not contain evaluation timeframe";
        return null;
    }

    /// <summary>The rules of <c>POST /project/{p}/stage/{s}/service/{svc}/evaluation</c> (spec §4.2).</summary>
    /// <exception cref="SloException">The parameters break a rule; the message names it.</exception>
    public static (DateTimeOffset Start, DateTimeOffset End) FromRequest(string? start, string? end, string? timeframe, DateTimeOffset now)
    {
        var hasStart = !string.IsNullOrEmpty(start);
        var hasEnd = !string.IsNullOrEmpty(end);
        var hasTimeframe = !string.IsNullOrEmpty(timeframe);
        if (hasEnd && !hasStart)
        {
            throw new SloException("end date must only be set in combination with a start date");
        }
        if (hasEnd && hasTimeframe)
        {
            throw new SloException("end date and timeframe are mutually exclusive");
        }
        var span = hasTimeframe ? Duration(timeframe!, "timeframe") : DefaultTimeframe;
        if (!hasStart)
        {
            return (now - span, now);
        }
        var from = Time(start!, "start");
        var to = hasEnd ? Time(end!, "end") : from + span;
        if (to - from < TimeSpan.FromMinutes(1))
        {
            throw new SloException("end date must be at least 1 minute after start date");
        }
        return (from, to);
    }

    /// <summary>Keptn's timestamp forms: <c>2006-01-02T15:04:05.000Z</c>, RFC 3339, or <c>2006-01-02T15:04:05</c> (UTC).</summary>
    public static DateTimeOffset Time(string text, string field)
    {
        if (DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var exact))
        {
            return exact;
        }
        if (text.Contains('T', StringComparison.Ordinal) && (text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T', StringComparison.Ordinal))
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var rfc))
        {
            return rfc;
        }
        throw new SloException($"{field} '{text}' is not a timestamp such as 2006-01-02T15:04:05.000Z");
    }

    private static TimeSpan Duration(string text, string field) =>
        GoDuration.TryParse(text, out var span) && span > TimeSpan.Zero
            ? span
            : throw new SloException($"{field} '{text}' is not a duration such as 5m or 1h30m");

    private static (DateTimeOffset, DateTimeOffset) Window(DateTimeOffset start, DateTimeOffset end) =>
        end < start ? throw new SloException($"the end {Format(end)} is before the start {Format(start)}") : (start, end);

    public static string Format(DateTimeOffset time) => KeptnEventJson.FormatTime(time);
}
