using System.Globalization;

namespace Bosun.Server.Api;

/// <summary>Timestamps as Keptn's API takes them: <c>2006-01-02T15:04:05.000Z</c>, RFC 3339, or without zone (UTC).</summary>
internal static class TimeParam
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss",
    ];

    /// <summary>A time written into stored data (an event's, a label's): any ISO 8601 form, UTC when it names no zone; null when it is none.</summary>
    public static DateTimeOffset? Stored(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;

    public static bool TryParse(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }
        return false;
    }

    /// <summary>
    /// Reads the <c>from</c>/<c>to</c> query parameters of Bosun's own endpoints (DESIGN §7, §8): null when absent;
    /// a 400 naming the one that is not an RFC 3339 time.
    /// </summary>
    public static bool TryParseFromTo(string? from, string? to, out DateTimeOffset? fromTime, out DateTimeOffset? toTime, out IResult? error)
    {
        toTime = null;
        error = !TryParse(from, out fromTime) ? ApiError.BadRequest($"from: '{from}' is not an RFC 3339 time such as 2026-11-01T00:00:00Z")
            : !TryParse(to, out toTime) ? ApiError.BadRequest($"to: '{to}' is not an RFC 3339 time such as 2026-12-01T00:00:00Z")
            : null;
        return error is null;
    }

    /// <summary>Reads the <c>fromTime</c>/<c>beforeTime</c> query parameters; a 400 naming them when either is malformed.</summary>
    public static bool TryParseRange(HttpRequest request, out DateTimeOffset? from, out DateTimeOffset? before, out IResult? error)
    {
        before = null;
        error = TryParse(request.Query["fromTime"], out from) && TryParse(request.Query["beforeTime"], out before)
            ? null
            : ApiError.BadRequest("fromTime and beforeTime must be timestamps such as 2024-01-02T15:04:05.000Z");
        return error is null;
    }
}
