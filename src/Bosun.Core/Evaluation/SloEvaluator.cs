using System.Globalization;

namespace Bosun.Core.Evaluation;

/// <summary>
/// Keptn's lighthouse scoring (spec/keptn.md §6.4–§6.5), pure: objectives against SLI values and previous
/// evaluations, then the total score against <c>total_score</c>, with Keptn's results and messages.
/// </summary>
public static class SloEvaluator
{
    public const string NoValueMessage = "no value received from SLI provider";

    public static EvaluationOutcome Evaluate(SloFile slo, IReadOnlyList<SliValue> values, IReadOnlyList<PreviousEvaluation> previous)
    {
        if (slo.Objectives.Count == 0)
        {
            return new EvaluationOutcome("fail", 0, "lighthouse failed because no SLO objective was provided", null, 100);
        }
        List<IndicatorResult> results;
        double max;
        (string Label, string Message)? keyFail;
        try
        {
            (results, max, keyFail) = EvaluateObjectives(slo, values, previous);
        }
        catch (SloException e)
        {
            return new EvaluationOutcome("fail", 0, e.Message, null, 0);
        }
        return Total(results, max, keyFail, slo.TotalPass, slo.TotalWarning, AdditionalSlis(slo, values));
    }

    /// <summary>The total score and result (spec §6.5) from the objectives' outcomes.</summary>
    public static EvaluationOutcome Total(IReadOnlyList<IndicatorResult> results, double max, (string Label, string Message)? keyFail,
        string? totalPass, string? totalWarning, string? additional)
    {
        if (SloFile.Percent(totalPass) is not { } passPercent)
        {
            return new EvaluationOutcome("fail", 0, totalPass is null ? "no target score defined" : $"total_score.pass '{totalPass}' is not a percentage", results, max, Errored: true);
        }
        double? warningPercent = null;
        if (totalWarning is not null)
        {
            warningPercent = SloFile.Percent(totalWarning);
            if (warningPercent is null)
            {
                return new EvaluationOutcome("fail", 0, $"total_score.warning '{totalWarning}' is not a percentage", results, max, Errored: true);
            }
        }
        if (max == 0)
        {
            return new EvaluationOutcome("pass", 100, Join(string.Empty, additional), results, max);
        }
        var score = 100 * results.Where(r => r.PassTargets.Count > 0).Sum(r => r.Score) / max;
        var s = Number(score);
        var (result, message) = (score >= passPercent && keyFail is null) switch
        {
            true => ("pass", string.Empty),
            false when warningPercent is { } w && keyFail is null => score >= w
                ? ("warning", $"Evaluation returned a warning: the calculated score of {s} is close to the warning target value of {Number(w)}")
                : ("fail", $"Evaluation failed since the calculated score of {s} is below the warning value of {Number(w)}"),
            false when keyFail is { } key => ("fail", $"Evaluation failed due to key_sli objective '{key.Label}': {key.Message}"),
            _ => ("fail", $"Evaluation failed since the calculated score of {s} is below the target value of {Number(passPercent)}"),
        };
        return new EvaluationOutcome(result, score, Join(message, additional), results, max);
    }

    /// <summary>Per objective (spec §6.4); returns the results, the maximum score and the first key SLI that failed.</summary>
    /// <exception cref="SloException">A criterion does not parse: "error with &lt;objective&gt;: …".</exception>
    public static (List<IndicatorResult> Results, double MaxScore, (string Label, string Message)? KeyFail) EvaluateObjectives(
        SloFile slo, IReadOnlyList<SliValue> values, IReadOnlyList<PreviousEvaluation> previous)
    {
        var results = new List<IndicatorResult>();
        var max = 0.0;
        (string, string)? keyFail = null;
        // Previous values by metric, once: only successful ones count (spec §6.3).
        var histories = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var evaluation in previous)
        {
            foreach (var v in evaluation.Values)
            {
                if (v.Success)
                {
                    if (!histories.TryGetValue(v.Metric, out var list))
                    {
                        histories[v.Metric] = list = new List<double>(previous.Count);
                    }
                    list.Add(v.Value);
                }
            }
        }
        foreach (var objective in slo.Objectives)
        {
            List<List<Criterion>> pass, warning;
            try
            {
                (pass, warning) = objective.Compiled();
            }
            catch (SloException e)
            {
                throw new SloException($"error with {objective.Label}: {e.Message}");
            }
            var aggregate = Aggregation.Aggregate(slo.Comparison.AggregateFunction, histories.GetValueOrDefault(objective.Sli) ?? []);
            var compared = aggregate ?? 0;
            var value = values.FirstOrDefault(v => v.Metric == objective.Sli) ?? new SliValue(objective.Sli, 0, false, NoValueMessage);
            if (pass.Count == 0)
            {
                results.Add(new IndicatorResult(0, value, value.Success ? compared : 0, objective.DisplayName, [], [], objective.KeySli, "info"));
                continue;
            }
            max += objective.Weight;
            if (!value.Success)
            {
                // No usable value: every criterion violated, relative ones against the aggregate itself.
                static List<TargetResult> Violated(List<List<Criterion>> sets, double aggregate) =>
                    sets.SelectMany(set => set).Select(c => new TargetResult(c.Text, c.IsComparison ? aggregate : c.Value, true)).ToList();
                results.Add(new IndicatorResult(0, value with { Message = value.Message ?? NoValueMessage }, 0, objective.DisplayName,
                    Violated(pass, compared), Violated(warning, compared), objective.KeySli, "fail"));
                if (objective.KeySli)
                {
                    keyFail ??= (objective.Label, value.Message ?? NoValueMessage);
                }
                continue;
            }
            var (passed, passTargets) = Sets(pass, value.Value, aggregate);
            var (warned, warningTargets) = Sets(warning, value.Value, aggregate);
            var (score, status) = passed ? (objective.Weight, "pass") : warned ? (0.5 * objective.Weight, "warning") : (0.0, "fail");
            if (status == "fail" && objective.KeySli)
            {
                keyFail ??= (objective.Label, "failed evaluation with score 0");
            }
            results.Add(new IndicatorResult(score, value, compared, objective.DisplayName, passTargets, warningTargets, objective.KeySli, status));
        }
        return (results, max, keyFail);
    }

    /// <summary>Keptn's note on SLIs the provider returned without an objective, or null.</summary>
    public static string? AdditionalSlis(SloFile slo, IReadOnlyList<SliValue> values)
    {
        var extra = values.Select(v => v.Metric).Where(m => slo.Objectives.All(o => o.Sli != m)).ToList();
        return extra.Count == 0 ? null
            : $"Lighthouse received additional SLIs, which are not specified as SLO: {string.Join(", ", extra)} . Please consider using them as an SLO.";
    }

    /// <summary>A number as Go's <c>%v</c> prints it: 75.3, 74, 90.</summary>
    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static (bool Any, List<TargetResult> Targets) Sets(List<List<Criterion>> sets, double value, double? aggregate)
    {
        var targets = new List<TargetResult>();
        var any = false;
        foreach (var set in sets)
        {
            var all = true;
            foreach (var criterion in set)
            {
                var (satisfied, target) = criterion.Evaluate(value, aggregate);
                targets.Add(new TargetResult(criterion.Text, target, !satisfied));
                all &= satisfied;
            }
            any |= all;
        }
        return (any, targets);
    }

    private static string Join(string message, string? additional) =>
        additional is null ? message : message.Length == 0 ? additional : $"{message} {additional}";
}
