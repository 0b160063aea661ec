using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Yaml;

namespace Bosun.Core.Evaluation;

/// <summary>
/// A Keptn <c>slo.yaml</c> (spec/keptn.md §6.2) with the lighthouse-service's defaults as its code applies them: no
/// <c>comparison</c> block → single_result, all, 1, avg; a block with a number of 0 → 3; weights of 0 → 1.
/// </summary>
public sealed record SloFile(
    IReadOnlyDictionary<string, string> Filter,
    SloComparison Comparison,
    IReadOnlyList<SloObjective> Objectives,
    string? TotalPass,
    string? TotalWarning)
{
    /// <exception cref="SloException">Not an slo.yaml; the message names the field.</exception>
    public static SloFile Parse(string yaml)
    {
        JsonNode? root;
        try
        {
            root = YamlDocument.Parse(yaml);
        }
        catch (YamlFormatException e)
        {
            throw new SloException($"slo.yaml is not valid YAML: {e.Message}");
        }
        if (root is not JsonObject doc)
        {
            throw new SloException("slo.yaml must be a YAML mapping");
        }
        // An slo.yaml has spec_version and no kind; a Shipyard, WebhookConfig or Remediation file is of another kind.
        if (doc["kind"] is { } kind)
        {
            throw new SloException($"slo.yaml holds a file of kind '{Shipyard.EntityName.Quote(kind.ToString())}', not a Keptn SLO file (spec_version, objectives)");
        }
        var filter = (doc["filter"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value?.ToString() ?? string.Empty);
        var comparison = doc["comparison"] is JsonObject c ? SloComparison.From(c) : SloComparison.Default;
        var objectives = (doc["objectives"] as JsonArray ?? []).Select((o, i) => o is JsonObject obj ? SloObjective.From(obj, i) : null)
            .OfType<SloObjective>().ToList();
        var total = doc["total_score"] as JsonObject;
        return new SloFile(filter, comparison, objectives, total?["pass"]?.ToString(), total?["warning"]?.ToString());
    }

    /// <summary>Parses and checks what an evaluation would refuse later: every criterion and the total score.</summary>
    /// <exception cref="SloException">The first problem, naming the objective or field.</exception>
    public static SloFile ParseStrict(string yaml)
    {
        var slo = Parse(yaml);
        foreach (var objective in slo.Objectives)
        {
            foreach (var criteria in objective.Pass.Concat(objective.Warning).SelectMany(set => set))
            {
                try
                {
                    Criterion.Parse(criteria);
                }
                catch (SloException e)
                {
                    throw new SloException($"objective {objective.Label}: {e.Message}");
                }
            }
        }
        if (slo.Objectives.Count > 0 && Percent(slo.TotalPass) is null)
        {
            throw new SloException(slo.TotalPass is null ? "total_score.pass is required" : $"total_score.pass '{slo.TotalPass}' is not a percentage");
        }
        if (slo.TotalWarning is not null && Percent(slo.TotalWarning) is null)
        {
            throw new SloException($"total_score.warning '{slo.TotalWarning}' is not a percentage");
        }
        return slo;
    }

    /// <summary>"90%" or "90" → 90; null when it is not a number.</summary>
    public static double? Percent(string? text) =>
        text is not null && double.TryParse(text.Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    internal static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? v.ToString() : null;
}

/// <summary>The <c>comparison</c> block.</summary>
public sealed record SloComparison(string CompareWith, string IncludeResultWithScore, int NumberOfComparisonResults, string AggregateFunction)
{
    public static SloComparison Default { get; } = new("single_result", "all", 1, "avg");

    /// <summary>How many previous evaluations are used: 1 for single_result, the number for several_results, else 3.</summary>
    public int ResultsToCompare => CompareWith switch
    {
        "single_result" => 1,
        "several_results" => NumberOfComparisonResults,
        _ => 3,
    };

    internal static SloComparison From(JsonObject block)
    {
        var number = int.TryParse(SloFile.Text(block["number_of_comparison_results"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new SloComparison(
            SloFile.Text(block["compare_with"]) ?? string.Empty,
            SloFile.Text(block["include_result_with_score"]) is { Length: > 0 } include ? include : "all",
            number == 0 ? 3 : number,
            SloFile.Text(block["aggregate_function"]) is { Length: > 0 } function ? function : "avg");
    }
}

/// <summary>One objective: criteria sets are OR-ed, the criteria inside a set AND-ed.</summary>
public sealed record SloObjective(
    string Sli,
    string DisplayName,
    IReadOnlyList<IReadOnlyList<string>> Pass,
    IReadOnlyList<IReadOnlyList<string>> Warning,
    double Weight,
    bool KeySli)
{
    private (List<List<Criterion>> Pass, List<List<Criterion>> Warning)? _compiled;

    /// <summary>The name messages use: displayName, else the SLI.</summary>
    public string Label => DisplayName.Length > 0 ? DisplayName : Sli;

    /// <summary>The criteria parsed once (non-empty sets only); the evaluator scores many times with the same file.</summary>
    /// <exception cref="SloException">A criterion does not parse.</exception>
    public (List<List<Criterion>> Pass, List<List<Criterion>> Warning) Compiled() =>
        _compiled ??= (Compile(Pass), Compile(Warning));

    private static List<List<Criterion>> Compile(IReadOnlyList<IReadOnlyList<string>> sets) =>
        sets.Select(set => set.Select(Criterion.Parse).ToList()).Where(set => set.Count > 0).ToList();

    internal static SloObjective From(JsonObject objective, int index)
    {
        var sli = objective.GetString("sli") is { Length: > 0 } s ? s : throw new SloException($"objectives[{index}].sli is required");
        var weight = double.TryParse(SloFile.Text(objective["weight"]), NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w > 0 ? w : 1;
        return new SloObjective(sli, objective.GetString("displayName") ?? string.Empty, Sets(objective["pass"]), Sets(objective["warning"]), weight,
            objective["key_sli"]?.GetValueKind() == JsonValueKind.True);
    }

    private static List<IReadOnlyList<string>> Sets(JsonNode? node) =>
        (node as JsonArray ?? []).OfType<JsonObject>()
            .Select(set => (IReadOnlyList<string>)(set["criteria"] as JsonArray ?? []).Select(c => c?.ToString() ?? string.Empty).ToList())
            .ToList();
}
