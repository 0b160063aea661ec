using System.Globalization;
using Bosun.Core.Sequences;
using Bosun.Storage;

namespace Bosun.Server.Ui;

/// <summary>
/// The sequence list's filters as the URL holds them (<c>service</c>, <c>stage</c>, <c>name</c>, <c>state</c>,
/// <c>result</c>, <c>label.KEY=VALUE</c> (or the form's <c>labels=KEY=VALUE,…</c>), <c>from</c>, <c>to</c>, and the page key <c>page</c>), so a reload or a shared
/// link shows the same list; every filter runs in the store, never on what one page loaded.
/// </summary>
public sealed record SequenceListFilter
{
    public static readonly string[] States = [.. Enum.GetValues<SequenceState>().Select(s => s.ToWire())];
    public static readonly string[] Results = ["pass", "warning", "fail"];
    private static readonly string[] TimeFormats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>What a bad <c>from</c> or <c>to</c> is told.</summary>
    internal const string TimeMustBe = "must be a time such as 2026-12-01, 2026-12-01T08:30 (UTC) or RFC 3339";

    public string Service { get; init; } = "";
    public string Stage { get; init; } = "";
    public string Name { get; init; } = "";
    public string State { get; init; } = "";
    public string Result { get; init; } = "";
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];
    public string FromText { get; init; } = "";
    public string ToText { get; init; } = "";
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public SequenceCursor? Cursor { get; init; }

    /// <summary>Reads the filters; the error names the parameter that is wrong and says what it takes.</summary>
    public static (SequenceListFilter? Filter, string? Error) Parse(IQueryCollection query)
    {
        string One(string name) => query[name].FirstOrDefault()?.Trim() ?? "";
        var state = One("state");
        if (state.Length > 0 && !States.Contains(state))
        {
            return (null, $"state '{state}' is not one of {string.Join(", ", States)}");
        }
        var result = One("result");
        if (result.Length > 0 && !Results.Contains(result))
        {
            return (null, $"result '{result}' is not one of {string.Join(", ", Results)}");
        }
        var labels = new List<KeyValuePair<string, string>>();
        foreach (var (key, values) in query.Where(q => q.Key.StartsWith("label.", StringComparison.Ordinal)))
        {
            var label = key["label.".Length..];
            if (label.Length == 0)
            {
                return (null, "a label filter is label.KEY=VALUE: the key is missing");
            }
            labels.AddRange(values.Where(v => !string.IsNullOrEmpty(v)).Select(v => new KeyValuePair<string, string>(label, v!)));
        }
        // The form's one text field: "k=v, k2=v2".
        foreach (var pair in One("labels").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                return (null, $"labels: '{pair}' is not KEY=VALUE");
            }
            labels.Add(new(pair[..at].Trim(), pair[(at + 1)..].Trim()));
        }
        if (!TryTime(One("from"), out var from) || !TryTime(One("to"), out var to))
        {
            return (null, $"{(TryTime(One("from"), out _) ? "to" : "from")} {TimeMustBe}");
        }
        if (from is not null && to is not null && from > to)
        {
            return (null, "from must not be after to");
        }
        SequenceCursor? cursor = null;
        if (One("page") is { Length: > 0 } page && !SequenceCursor.TryParse(page, out cursor))
        {
            return (null, $"page '{page}' is not a page key of this list; start again from the first page");
        }
        return (new SequenceListFilter
        {
            Service = One("service"),
            Stage = One("stage"),
            Name = One("name"),
            State = state,
            Result = result,
            Labels = labels,
            FromText = One("from"),
            ToText = One("to"),
            From = from,
            To = to,
            Cursor = cursor,
        }, null);
    }

    public SequenceQuery ToQuery(string project, int pageSize) => new(project)
    {
        Service = Empty(Service),
        Stage = Empty(Stage),
        Name = Empty(Name),
        State = Empty(State),
        Result = Empty(Result),
        Labels = Labels,
        From = From,
        To = To,
        Cursor = Cursor,
        PageSize = pageSize,
    };

    /// <summary>This list's URL with these filters and the given page key (none: the first page).</summary>
    public string Link(string project, string? page = null)
    {
        var parts = new List<string>();
        void Add(string name, string value)
        {
            if (value.Length > 0)
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
        Add("service", Service);
        Add("stage", Stage);
        Add("name", Name);
        Add("state", State);
        Add("result", Result);
        foreach (var label in Labels)
        {
            Add("label." + Uri.EscapeDataString(label.Key), label.Value);
        }
        Add("from", FromText);
        Add("to", ToText);
        Add("page", page ?? "");
        return $"/projects/{Uri.EscapeDataString(project)}/sequences" + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
    }

    /// <summary>The label filters as the form's one text field shows them: <c>k=v, k2=v2</c>.</summary>
    public string LabelText => string.Join(", ", Labels.Select(l => $"{l.Key}={l.Value}"));

    private static string? Empty(string value) => value.Length == 0 ? null : value;

    /// <summary>A filter's time as the URL holds it: empty (no bound), a date, a UTC minute or RFC 3339.</summary>
    internal static bool TryTime(string text, out DateTimeOffset? value)
    {
        value = null;
        if (text.Length == 0)
        {
            return true;
        }
        if (DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }
        return false;
    }
}
