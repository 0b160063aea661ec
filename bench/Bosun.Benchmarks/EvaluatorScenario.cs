using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bosun.Core.Evaluation;

namespace Bosun.Benchmarks;

/// <summary>
/// (h) Issue 5: the pure lighthouse evaluator — an slo.yaml of 10 objectives (fixed and relative criteria, pass and
/// warning sets) against 50 previous evaluations, scored in a loop. Prints objectives scored per second.
/// </summary>
internal static class EvaluatorScenario
{
    private const int Objectives = 10;
    private const int Previous = 50;

    public static double Run(bool smoke)
    {
        var yaml = new StringBuilder("spec_version: '1.0'\ncomparison: {compare_with: several_results, number_of_comparison_results: 50, aggregate_function: p90}\nobjectives:\n");
        for (var i = 0; i < Objectives; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - sli: sli_{i}\n    displayName: Indicator {i}\n    pass: [{{criteria: ['<=+10%', '<{600 + i}']}}, {{criteria: ['<=300']}}]\n    warning: [{{criteria: ['<=800']}}]\n    weight: {1 + (i % 3)}\n");
        }
        yaml.Append("total_score: {pass: '90%', warning: '75%'}\n");
        var slo = SloFile.Parse(yaml.ToString());
        var random = new Random(42);
        var previous = Enumerable.Range(0, Previous).Select(p => new PreviousEvaluation($"e-{p}",
            Enumerable.Range(0, Objectives).Select(i => new SliValue($"sli_{i}", 400 + random.Next(0, 200), true)).ToList())).ToList();
        var values = Enumerable.Range(0, Objectives).Select(i => new SliValue($"sli_{i}", 450 + (i * 10), true)).ToList();

        // Warm up long enough for tiered compilation to promote the hot path (it waits ~100 ms after 30 calls).
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed < TimeSpan.FromSeconds(smoke ? 0.5 : 1))
        {
            SloEvaluator.Evaluate(slo, values, previous);
        }
        var duration = TimeSpan.FromSeconds(smoke ? 0.2 : 3);
        var watch = Stopwatch.StartNew();
        var iterations = 0;
        while (watch.Elapsed < duration)
        {
            if (SloEvaluator.Evaluate(slo, values, previous).IndicatorResults!.Count != Objectives)
            {
                throw new InvalidOperationException("the evaluator lost an objective");
            }
            iterations++;
        }
        return iterations * Objectives / watch.Elapsed.TotalSeconds;
    }
}
