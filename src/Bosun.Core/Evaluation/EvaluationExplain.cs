using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.Core.Events;

namespace Bosun.Core.Evaluation;

/// <summary>
/// One line of an evaluation's explanation: what was measured, against what, and what it scored; its weight is the
/// objective's in the slo.yaml the evaluation stored (<c>sloFileContent</c>), "-" when that file is not there.
/// </summary>
public sealed record ExplainRow(string Objective, string Value, string ComparedValue, string Met, string Violated, string Score, string Status, string Weight = "-");

/// <summary>
/// Why a quality gate came out as it did (issue 5 item 7), read from <c>evaluation.finished</c>'s <c>evaluation</c>
/// object alone: one row per objective with its value, the compared (aggregated previous) value, the criteria met
/// and violated with their targets, and its score. The CLI and the UI render the rows; <see cref="Render"/> is plain text.
/// </summary>
public static class EvaluationExplain
{
    private static readonly string[] Headers = ["Objective", "Value", "Compared", "Met", "Violated", "Weight", "Score", "Status"];

    public static List<ExplainRow> Rows(JsonObject evaluation)
    {
        var weights = Weights(evaluation);
        return (evaluation["indicatorResults"] as JsonArray ?? []).OfType<JsonObject>().Select(r => Row(r, weights)).ToList();
    }

    /// <summary>
    /// The slo.yaml the evaluation was scored with, as it stored it (base64 in <c>sloFileContent</c>), or null when
    /// it is missing or no longer parses; anyone may post an <c>evaluation.finished</c>, so nothing here throws.
    /// </summary>
    public static SloFile? SloOf(JsonObject evaluation)
    {
        if (evaluation.GetString("sloFileContent") is not { Length: > 0 } content)
        {
            return null;
        }
        try
        {
            return SloFile.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(content)));
        }
        catch (Exception e) when (e is FormatException or SloException)
        {
            return null;
        }
    }

    private static Dictionary<string, double> Weights(JsonObject evaluation)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var objective in SloOf(evaluation)?.Objectives ?? [])
        {
            weights.TryAdd(objective.Sli, objective.Weight);
        }
        return weights;
    }

    /// <summary>A fixed-width text table with a summary line (result and score).</summary>
    public static string Render(JsonObject evaluation)
    {
        var rows = Rows(evaluation);
        var cells = new List<string[]> { Headers };
        cells.AddRange(rows.Select(r => new[] { r.Objective, r.Value, r.ComparedValue, r.Met, r.Violated, r.Weight, r.Score, r.Status }));
        var widths = Enumerable.Range(0, Headers.Length).Select(i => cells.Max(c => c[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var line in cells)
        {
            text.AppendLine(string.Join("  ", line.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
        text.Append(CultureInfo.InvariantCulture, $"Result: {evaluation.GetString("result") ?? "?"}, score {Number(evaluation["score"])}");
        return text.ToString();
    }

    private static ExplainRow Row(JsonObject result, Dictionary<string, double> weights)
    {
        var value = result["value"] as JsonObject ?? [];
        var name = result.GetString("displayName") is { Length: > 0 } display ? display : value.GetString("metric") ?? "?";
        var measured = value["success"]?.GetValue<bool>() == false
            ? $"none ({value.GetString("message") ?? SloEvaluator.NoValueMessage})"
            : Number(value["value"]);
        var targets = (result["passTargets"] as JsonArray ?? []).Concat(result["warningTargets"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(t => (Text: $"{t.GetString("criteria")} ({Number(t["targetValue"])})", Violated: t["violated"]?.GetValue<bool>() == true)).ToList();
        var key = result["keySli"]?.GetValue<bool>() == true ? " (key)" : string.Empty;
        return new ExplainRow(name + key, measured, Number(value["comparedValue"]),
            string.Join(", ", targets.Where(t => !t.Violated).Select(t => t.Text)),
            string.Join(", ", targets.Where(t => t.Violated).Select(t => t.Text)),
            Number(result["score"]), result.GetString("status") ?? string.Empty,
            value.GetString("metric") is { } metric && weights.TryGetValue(metric, out var weight) ? SloEvaluator.Number(weight) : "-");
    }

    private static string Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? SloEvaluator.Number(Math.Round(double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture), 4))
            : "-";
}
