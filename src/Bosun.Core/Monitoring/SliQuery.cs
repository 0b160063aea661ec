using System.Globalization;

namespace Bosun.Core.Monitoring;

/// <summary>What an SLI query's placeholders are filled with (Keptn's prometheus-service conventions).</summary>
public sealed record SliContext(
    string Project,
    string Stage,
    string Service,
    string Deployment,
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<KeyValuePair<string, string>> CustomFilters);

/// <summary>
/// Builds the PromQL for an indicator: the query from <c>sli.yaml</c> with <c>$PROJECT</c>, <c>$STAGE</c>, <c>$SERVICE</c>,
/// <c>$DEPLOYMENT</c>, <c>$DURATION_SECONDS</c> (whole seconds rounded up, e.g. <c>300s</c>), <c>$labels.&lt;key&gt;</c> (also
/// Keptn's <c>$LABEL.&lt;key&gt;</c>) and the SLO <c>filter</c> entries as <c>$&lt;key&gt;</c> / <c>$&lt;KEY&gt;</c> replaced; without a
/// query, Keptn's built-in RED queries for throughput, error_rate and response_time_p50/p90/p95.
/// </summary>
public static class SliQuery
{
    /// <summary>The query, or null when neither the file nor the built-ins know the indicator.</summary>
    public static string? Build(string indicator, IReadOnlyDictionary<string, string> queries, SliContext context)
    {
        if (queries.TryGetValue(indicator, out var query))
        {
            return Fill(query, context);
        }
        var duration = Duration(context);
        var filter = DefaultFilter(context);
        return indicator switch
        {
            "throughput" => $"sum(rate(http_requests_total{{{filter}}}[{duration}]))",
            "error_rate" => $"sum(rate(http_requests_total{{{filter},status!~'2..'}}[{duration}]))/sum(rate(http_requests_total{{{filter}}}[{duration}]))",
            "response_time_p50" => Latency("50", filter, duration),
            "response_time_p90" => Latency("90", filter, duration),
            "response_time_p95" => Latency("95", filter, duration),
            _ => null,
        };
    }

    public static string Fill(string query, SliContext context)
    {
        // Longer keys first, so that $handler_name is not eaten by $handler.
        foreach (var (key, raw) in context.CustomFilters.OrderByDescending(f => f.Key.Length))
        {
            var value = raw.Replace("'", string.Empty, StringComparison.Ordinal).Replace("\"", string.Empty, StringComparison.Ordinal);
            query = query.Replace("$" + key, value, StringComparison.Ordinal)
                .Replace("$" + key.ToUpperInvariant(), value, StringComparison.Ordinal);
        }
        foreach (var (key, value) in context.Labels.OrderByDescending(l => l.Key.Length))
        {
            query = query.Replace("$labels." + key, value, StringComparison.Ordinal)
                .Replace("$LABEL." + key, value, StringComparison.Ordinal);
        }
        return query
            .Replace("$PROJECT", context.Project, StringComparison.Ordinal)
            .Replace("$STAGE", context.Stage, StringComparison.Ordinal)
            .Replace("$SERVICE", context.Service, StringComparison.Ordinal)
            .Replace("$DEPLOYMENT", context.Deployment, StringComparison.Ordinal)
            .Replace("$DURATION_SECONDS", Duration(context), StringComparison.Ordinal);
    }

    private static string Duration(SliContext context) =>
        ((long)Math.Ceiling((context.End - context.Start).TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";

    private static string Latency(string percentile, string filter, string duration) =>
        $"histogram_quantile(0.{percentile},sum(rate(http_response_time_milliseconds_bucket{{{filter}}}[{duration}]))by(le))";

    /// <summary>Keptn's label filter for the built-in queries: the SLO filters, and a canary job unless one names the job.</summary>
    private static string DefaultFilter(SliContext context)
    {
        var parts = new List<string>();
        foreach (var (key, raw) in context.CustomFilters)
        {
            parts.Add(raw.StartsWith('=') || raw.StartsWith("!=", StringComparison.Ordinal) || raw.StartsWith("!~", StringComparison.Ordinal)
                ? key + raw.Replace('"', '\'')
                : $"{key}='{raw.Replace("'", string.Empty, StringComparison.Ordinal).Replace("\"", string.Empty, StringComparison.Ordinal)}'");
        }
        if (context.CustomFilters.All(f => f.Key != "job"))
        {
            parts.Insert(0, $"job='{context.Service}-{context.Project}-{context.Stage}-canary'");
        }
        return string.Join(',', parts);
    }
}
