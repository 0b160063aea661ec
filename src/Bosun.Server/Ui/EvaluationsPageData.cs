using System.Globalization;
using System.Text.Json.Nodes;
using Bosun.Core.Evaluation;
using Bosun.Core.Events;
using Bosun.Storage;

namespace Bosun.Server.Ui;

/// <summary>
/// Builds the heatmap from two queries on the events' type index (a page of a stage's <c>evaluation.finished</c>,
/// newest first, and the invalidations since the oldest of them), plus one for an explained evaluation that is not
/// on the page.
/// </summary>
internal static class EvaluationsPageData
{
    public static readonly string Finished = KeptnEventType.TaskType(Lighthouse.EvaluationTask, "finished");
    public static readonly string Invalidated = KeptnEventType.TaskType(Lighthouse.EvaluationTask, "invalidated");
    private const int MaxInvalidations = 1000;

    public static async Task<EvaluationsView> BuildAsync(IStore store, string project, string service, IReadOnlyList<string> stages, EvaluationFilter filter)
    {
        var page = await store.QueryEventsAsync(new EventQuery
        {
            Type = Finished,
            Project = project,
            Stage = filter.Stage,
            Service = service,
            Results = filter.Result.Length == 0 ? null : [filter.Result],
            FromTime = filter.From,
            BeforeTime = filter.To,
            Offset = filter.Offset,
            PageSize = filter.Count,
        });
        var events = page.Items.Reverse().ToList();
        var invalidated = events.Count == 0 ? [] : await InvalidationsAsync(store, project, service, filter.Stage, events[0].Time);
        var selected = events.FirstOrDefault(e => e.Id == filter.Explain) ?? (filter.Explain.Length > 0 ? await OneAsync(store, project, service, filter.Explain) : null) ?? events.LastOrDefault();
        var compared = selected is null ? [] : ComparedEvents(Evaluation(selected)).ToHashSet(StringComparer.Ordinal);
        var columns = events.Select(e => Column(e, compared.Contains(e.Id), invalidated)).ToList();
        var selectedColumn = selected is null ? null : columns.FirstOrDefault(c => c.EventId == selected.Id) ?? Column(selected, false, invalidated);
        var newest = events.Count == 0 ? null : EvaluationExplain.SloOf(Evaluation(events[^1]));
        return new EvaluationsView(project, service, stages, filter, columns, Rows(events), page.TotalCount,
            new ScoreLines(SloFile.Percent(newest?.TotalPass), SloFile.Percent(newest?.TotalWarning)),
            selectedColumn, selected is null ? [] : EvaluationExplain.Rows(Evaluation(selected)));
    }

    private static async Task<KeptnEvent?> OneAsync(IStore store, string project, string service, string id) =>
        (await store.QueryEventsAsync(new EventQuery { Type = Finished, Project = project, Service = service, EventId = id, PageSize = 1, CountTotal = false })).Items.FirstOrDefault();

    /// <summary>Each invalidated evaluation's reason, by the <c>triggeredid</c> its invalidation shares with its <c>.finished</c>.</summary>
    private static async Task<Dictionary<string, string>> InvalidationsAsync(IStore store, string project, string service, string stage, DateTimeOffset since)
    {
        var found = await store.QueryEventsAsync(new EventQuery
        {
            Type = Invalidated,
            Project = project,
            Stage = stage,
            Service = service,
            FromTime = since,
            PageSize = MaxInvalidations,
            CountTotal = false,
        });
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in found.Items.Where(e => e.TriggeredId is not null))
        {
            reasons.TryAdd(e.TriggeredId!, e.Data.GetString("message") is { Length: > 0 } m ? m : "no reason given");
        }
        return reasons;
    }

    private static JsonObject Evaluation(KeptnEvent e) => e.Data["evaluation"] as JsonObject ?? [];

    private static IEnumerable<string> ComparedEvents(JsonObject evaluation) =>
        (evaluation["comparedEvents"] as JsonArray ?? []).OfType<JsonValue>().Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(v => v.GetValue<string>());

    private static EvaluationColumn Column(KeptnEvent e, bool compared, Dictionary<string, string> invalidated)
    {
        var evaluation = Evaluation(e);
        return new EvaluationColumn(e.Id, e.KeptnContext, e.Time,
            e.Data.GetPath("labels.version") ?? e.Data.GetPath("labels.buildId"),
            e.Data.GetString("result") ?? evaluation.GetString("result") ?? "?",
            Number(evaluation["score"]),
            [.. ComparedEvents(evaluation)], compared,
            e.TriggeredId is { } t && invalidated.TryGetValue(t, out var reason) ? reason : null,
            evaluation.GetString("timeStart") ?? "", evaluation.GetString("timeEnd") ?? "");
    }

    /// <summary>The score row, then one row per SLI in the order the newest evaluation lists them (older ones' after).</summary>
    private static List<HeatmapRow> Rows(List<KeptnEvent> events)
    {
        var score = new HeatmapRow("Score", false, [.. events.Select(e =>
        {
            var result = e.Data.GetString("result") ?? "?";
            return Number(Evaluation(e)["score"]) is { } s
                ? new HeatmapCell(Status(result), Format(s), result)
                : new HeatmapCell(Status(result), "–", $"no score: {result}");
        })]);
        var results = events.Select(e => (Evaluation(e)["indicatorResults"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(r => (Metric: (r["value"] as JsonObject)?.GetString("metric"), Result: r)).Where(r => r.Metric is not null)
            .GroupBy(r => r.Metric!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Result, StringComparer.Ordinal)).ToList();
        var metrics = Enumerable.Range(0, events.Count).Reverse().SelectMany(i => results[i].Keys).Distinct(StringComparer.Ordinal).ToList();
        var compared = events.Select(e => ComparedEvents(Evaluation(e)).Any()).ToList();
        var rows = new List<HeatmapRow> { score };
        foreach (var metric in metrics)
        {
            var newest = Enumerable.Range(0, events.Count).Reverse().Select(i => results[i].GetValueOrDefault(metric)).First(r => r is not null)!;
            var name = newest.GetString("displayName") is { Length: > 0 } display ? display : metric;
            rows.Add(new HeatmapRow(name, newest["keySli"]?.GetValueKind() == System.Text.Json.JsonValueKind.True,
                [.. results.Select((r, i) => r.TryGetValue(metric, out var found) ? Cell(found, compared[i]) : null)]));
        }
        return rows;
    }

    private static HeatmapCell Cell(JsonObject result, bool compared)
    {
        var status = Status(result.GetString("status") ?? "info");
        var value = result["value"] as JsonObject ?? [];
        if (value["success"]?.GetValueKind() == System.Text.Json.JsonValueKind.False || Number(value["value"]) is not { } measured)
        {
            return new HeatmapCell(status, "no value", $"{value.GetString("message") ?? SloEvaluator.NoValueMessage}: {status}");
        }
        var against = compared && Number(value["comparedValue"]) is { } c ? $" (compared {Format(c)})" : "";
        return new HeatmapCell(status, Format(measured), $"{Format(measured)}{against}, score {Format(Number(result["score"]) ?? 0)}: {status}");
    }

    /// <summary>One of the four statuses the page styles; anything else a poster made up shows as info.</summary>
    private static string Status(string status) => status is "pass" or "warning" or "fail" or "info" ? status : status == "failed" ? "fail" : "info";

    private static string Format(double value) =>
        Math.Round(value, Math.Abs(value) >= 100 ? 1 : 3).ToString("0.###", CultureInfo.InvariantCulture);

    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : null;
}
