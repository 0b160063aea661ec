using System.Globalization;

namespace Bosun.Server.Ui;

/// <summary>
/// The heatmap's query as the URL holds it: <c>stage</c> (default: the shipyard's first), <c>result</c>,
/// <c>from</c>/<c>to</c> (the evaluations finished in that range), the page (<c>offset</c> evaluations back from the newest,
/// <c>count</c> of them, 50 unless asked up to 200: the Bridge's heatmap stopped at 50) and <c>explain</c>, the
/// evaluation whose explain table is open.
/// </summary>
public sealed record EvaluationFilter
{
    public const int DefaultCount = 50;
    public const int MaxCount = 200;
    public static readonly string[] Results = ["pass", "warning", "fail"];

    public string Stage { get; init; } = "";
    public string Result { get; init; } = "";
    public string FromText { get; init; } = "";
    public string ToText { get; init; } = "";
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Offset { get; init; }
    public int Count { get; init; } = DefaultCount;
    public string Explain { get; init; } = "";

    /// <summary>Reads the query; the error names the parameter that is wrong and says what it takes.</summary>
    public static (EvaluationFilter? Filter, string? Error) Parse(IQueryCollection query, IReadOnlyList<string> stages)
    {
        string One(string name) => query[name].FirstOrDefault()?.Trim() ?? "";
        var stage = One("stage") is { Length: > 0 } given ? given : stages.FirstOrDefault() ?? "";
        if (!stages.Contains(stage, StringComparer.Ordinal))
        {
            return (null, $"stage '{stage}' is not a stage of the project ({string.Join(", ", stages)})");
        }
        var result = One("result");
        if (result.Length > 0 && !Results.Contains(result, StringComparer.Ordinal))
        {
            return (null, $"result '{result}' is not one of {string.Join(", ", Results)}");
        }
        if (!SequenceListFilter.TryTime(One("from"), out var from))
        {
            return (null, $"from {SequenceListFilter.TimeMustBe}");
        }
        if (!SequenceListFilter.TryTime(One("to"), out var to))
        {
            return (null, $"to {SequenceListFilter.TimeMustBe}");
        }
        if (from is not null && to is not null && from > to)
        {
            return (null, "from must not be after to");
        }
        if (!Number(One("offset"), 0, out var offset) || offset < 0)
        {
            return (null, $"offset '{One("offset")}' must be a number of evaluations to skip");
        }
        if (!Number(One("count"), DefaultCount, out var count) || count is < 1 or > MaxCount)
        {
            return (null, $"count '{One("count")}' must be a number of evaluations from 1 to {MaxCount}");
        }
        return (new EvaluationFilter
        {
            Stage = stage,
            Result = result,
            FromText = One("from"),
            ToText = One("to"),
            From = from,
            To = to,
            Offset = offset,
            Count = count,
            Explain = One("explain"),
        }, null);
    }

    /// <summary>This heatmap's URL with these filters, at another page or with another column explained.</summary>
    public string Link(string project, string service, int? offset = null, string? explain = null) =>
        $"{ServicePages.PathOf(project, service)}?{Query(offset, explain)}";

    /// <summary>The query part of <see cref="Link"/> alone, for a link from the heatmap to itself.</summary>
    public string Query(int? offset = null, string? explain = null)
    {
        var parts = new List<string> { "stage=" + Uri.EscapeDataString(Stage) };
        void Add(string name, string value)
        {
            if (value.Length > 0)
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
        Add("result", Result);
        Add("from", FromText);
        Add("to", ToText);
        var at = offset ?? Offset;
        Add("offset", at == 0 ? "" : at.ToString(CultureInfo.InvariantCulture));
        Add("count", Count == DefaultCount ? "" : Count.ToString(CultureInfo.InvariantCulture));
        Add("explain", explain ?? Explain);
        return string.Join("&", parts);
    }

    private static bool Number(string text, int absent, out int value)
    {
        value = absent;
        return text.Length == 0 || int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
