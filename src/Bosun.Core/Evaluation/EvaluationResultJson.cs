using System.Text;
using System.Text.Json.Nodes;

namespace Bosun.Core.Evaluation;

/// <summary>The <c>evaluation</c> object of <c>evaluation.finished</c> (spec/keptn.md §6.6).</summary>
public static class EvaluationResultJson
{
    public static JsonObject Build(EvaluationOutcome outcome, DateTimeOffset start, DateTimeOffset end, string? sloFile, IReadOnlyList<string> comparedEvents) =>
        Build(outcome, EvaluationTimeframe.Format(start), EvaluationTimeframe.Format(end), sloFile, comparedEvents);

    /// <summary>With the window as the SLI provider reported it (Keptn copies <c>get-sli.start</c>/<c>end</c> as they are).</summary>
    public static JsonObject Build(EvaluationOutcome outcome, string start, string end, string? sloFile, IReadOnlyList<string> comparedEvents) => new()
    {
        ["timeStart"] = start,
        ["timeEnd"] = end,
        ["result"] = outcome.Result,
        ["score"] = outcome.Score,
        ["sloFileContent"] = sloFile is null ? string.Empty : Convert.ToBase64String(Encoding.UTF8.GetBytes(sloFile)),
        ["comparedEvents"] = new JsonArray(comparedEvents.Select(id => (JsonNode)JsonValue.Create(id)).ToArray()),
        ["indicatorResults"] = outcome.IndicatorResults is null ? null : new JsonArray(outcome.IndicatorResults.Select(r => (JsonNode)Indicator(r)).ToArray()),
    };

    /// <summary>
    /// SLI values from a previous <c>evaluation.finished</c>'s data. Anyone may post such an event, so entries without
    /// a metric name and a numeric value are skipped, and <c>success</c> counts only when it is <c>true</c>.
    /// </summary>
    public static List<SliValue> PreviousValues(JsonObject? evaluation) =>
        (evaluation?["indicatorResults"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(r => r["value"] as JsonObject)
            .Select(v => (Metric: v?["metric"] as JsonValue, Value: Number(v?["value"]), Success: v?["success"]?.GetValueKind() == System.Text.Json.JsonValueKind.True))
            .Where(v => v.Metric is not null && v.Value is not null)
            .Select(v => new SliValue(v.Metric!.ToString(), v.Value!.Value, v.Success))
            .ToList();

    private static JsonObject Indicator(IndicatorResult r)
    {
        var value = new JsonObject
        {
            ["metric"] = r.Value.Metric,
            ["value"] = r.Value.Value,
            ["comparedValue"] = r.ComparedValue,
            ["success"] = r.Value.Success,
        };
        if (!string.IsNullOrEmpty(r.Value.Message))
        {
            value["message"] = r.Value.Message;
        }
        return new JsonObject
        {
            ["score"] = r.Score,
            ["value"] = value,
            ["displayName"] = r.DisplayName,
            ["passTargets"] = Targets(r.PassTargets),
            ["warningTargets"] = Targets(r.WarningTargets),
            ["keySli"] = r.KeySli,
            ["status"] = r.Status,
        };
    }

    private static JsonArray Targets(IReadOnlyList<TargetResult> targets) =>
        new(targets.Select(t => (JsonNode)new JsonObject { ["criteria"] = t.Criteria, ["targetValue"] = t.TargetValue, ["violated"] = t.Violated }).ToArray());

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number && value.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : null;
}
