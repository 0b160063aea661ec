using Bosun.Core.Evaluation;

namespace Bosun.Core.Tests.Evaluation;

/// <summary>spec/keptn.md §6.7: the lighthouse-service's own cases, with its numbers and messages.</summary>
public sealed class LighthouseConformanceTests
{
    // P1–P7: parsing.
    [Theory]
    [InlineData("<10", "<", 10, false, false, true)]
    [InlineData("<=10", "<=", 10, false, false, true)]
    [InlineData("=10", "=", 10, false, false, true)]
    [InlineData(">=10", ">=", 10, false, false, true)]
    [InlineData(">10", ">", 10, false, false, true)]
    [InlineData(">-10%", ">", 10, true, true, false)]
    [InlineData("<=+10.5%", "<=", 10.5, true, true, true)]
    [InlineData("<=+10", "<=", 10, false, true, true)]
    [InlineData("  <=+10   %", "<=", 10, true, true, true)]
    [InlineData("  <=10%", "<=", 10, true, true, true)]
    public void P_Parsing(string text, string op, double value, bool percent, bool comparison, bool increase)
    {
        var c = Criterion.Parse(text);
        Assert.Equal((op, value, percent, comparison, increase), (c.Operator, c.Value, c.IsPercent, c.IsComparison, c.Increase));
    }

    [Fact]
    public void P7_NoOperator() => Assert.Contains("no operator set", Assert.Throws<SloException>(() => Criterion.Parse("?10")).Message);

    // A1–A4: aggregation.
    [Fact]
    public void A1_Average() => Assert.Equal(10, Aggregation.Aggregate("avg", [5, 15]));

    [Fact]
    public void A2_A3_NoUsablePreviousValues_SkipTheComparison()
    {
        Assert.Null(Aggregation.Aggregate("avg", []));
        Assert.Equal((true, 0.0), Criterion.Parse("<=+10%").Evaluate(1000, null));
    }

    [Theory]
    [InlineData("p50", 5.0)]
    [InlineData("p90", 9.8)]
    [InlineData("p95", 10.0)]
    public void A4_Percentiles(string function, double expected) =>
        Assert.Equal(expected, Aggregation.Aggregate(function, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])!.Value, 10);

    // S1–S8: single criterion, previous [10, 10].
    [Theory]
    [InlineData(10, "<=+10%", true, 11)]
    [InlineData(11.01, "<=+10%", false, 11)]
    [InlineData(10, "<+0%", false, 10)]
    [InlineData(10, ">+0%", false, 10)]
    [InlineData(11, "=+1", true, 11)]
    [InlineData(9, "=-1", true, 9)]
    public void S_SingleCriterion(double value, string criteria, bool satisfied, double target)
    {
        var (ok, t) = Criterion.Parse(criteria).Evaluate(value, Aggregation.Aggregate("avg", [10, 10]));
        Assert.Equal(satisfied, ok);
        Assert.Equal(target, t, 10);
    }

    [Fact]
    public void S7_P50OfPrevious() => Assert.True(Criterion.Parse("<=+10%").Evaluate(10, Aggregation.Aggregate("p50", [10, 10])).Satisfied);

    [Fact]
    public void S8_FixedWithoutPrevious() => Assert.Equal((true, 10.0), Criterion.Parse("<=10").Evaluate(10, null));

    private static SloFile Slo(string objectives, string comparison = "several_results", string total = "total_score: {pass: \"90%\", warning: \"75%\"}") => SloFile.Parse($"""
        spec_version: "1.0"
        comparison:
          compare_with: {comparison}
          number_of_comparison_results: 3
          include_result_with_score: all
          aggregate_function: avg
        objectives:
        {objectives}
        {total}
        """);

    private const string Standard = """
          - sli: my-test-metric-1
            pass: [{criteria: ["<=15.0"]}, {criteria: ["<=+10%"]}]
            warning: [{criteria: ["<=20.0"]}, {criteria: ["<=+15%"]}]
        """;

    private static List<PreviousEvaluation> Previous(string metric, params double[] values) =>
        values.Select((v, i) => new PreviousEvaluation($"prev-{i}", [new SliValue(metric, v, true)])).ToList();

    private static List<(string, double, bool)> Targets(IReadOnlyList<TargetResult> targets) => targets.Select(t => (t.Criteria, Math.Round(t.TargetValue, 6), t.Violated)).ToList();

    // C1–C5: criteria sets, previous [10, 10].
    [Theory]
    [InlineData(10, true, 11.0, false, 10.0, false)]
    [InlineData(11, false, 11.0, false, 10.0, true)]
    public void C1_C2_AndSet(double value, bool pass, double t1, bool v1, double t2, bool v2)
    {
        var slo = Slo("  - sli: m\n    pass: [{criteria: [\"<=+10%\", \"<=10.0\"]}]");
        var result = Assert.Single(SloEvaluator.EvaluateObjectives(slo, [new SliValue("m", value, true)], Previous("m", 10, 10)).Results);
        Assert.Equal(pass ? "pass" : "fail", result.Status);
        Assert.Equal([("<=+10%", t1, v1), ("<=10.0", t2, v2)], Targets(result.PassTargets));
    }

    [Theory]
    [InlineData(10, "pass", false, false)]
    [InlineData(11, "pass", true, false)]
    [InlineData(20, "fail", true, true)]
    public void C3_C5_OrSets(double value, string status, bool fixedViolated, bool relativeViolated)
    {
        var slo = Slo("  - sli: m\n    pass: [{criteria: [\"<=10.0\"]}, {criteria: [\"<=+10%\"]}]");
        var result = Assert.Single(SloEvaluator.EvaluateObjectives(slo, [new SliValue("m", value, true)], Previous("m", 10, 10)).Results);
        Assert.Equal(status, result.Status);
        Assert.Equal([("<=10.0", 10.0, fixedViolated), ("<=+10%", 11.0, relativeViolated)], Targets(result.PassTargets));
    }

    [Fact]
    public void O1_Pass()
    {
        var (results, max, _) = SloEvaluator.EvaluateObjectives(Slo(Standard), [new SliValue("my-test-metric-1", 10, true)], Previous("my-test-metric-1", 10));
        var r = Assert.Single(results);
        Assert.Equal(("pass", 1.0, 10.0, 1.0), (r.Status, r.Score, r.ComparedValue, max));
        Assert.Equal([("<=15.0", 15.0, false), ("<=+10%", 11.0, false)], Targets(r.PassTargets));
        Assert.Equal([("<=20.0", 20.0, false), ("<=+15%", 11.5, false)], Targets(r.WarningTargets));
    }

    [Fact]
    public void O2_Warning()
    {
        var r = Assert.Single(SloEvaluator.EvaluateObjectives(Slo(Standard), [new SliValue("my-test-metric-1", 16, true)], Previous("my-test-metric-1", 10)).Results);
        Assert.Equal(("warning", 0.5), (r.Status, r.Score));
        Assert.Equal([("<=15.0", 15.0, true), ("<=+10%", 11.0, true)], Targets(r.PassTargets));
        Assert.Equal([("<=20.0", 20.0, false), ("<=+15%", 11.5, true)], Targets(r.WarningTargets));
    }

    [Theory]
    [InlineData("  - sli: my-log-metric")]
    [InlineData("  - sli: my-log-metric\n    pass: []")]
    public void O3_O4_ObjectiveWithoutPassCriteria_IsInfo(string logObjective)
    {
        var (results, max, _) = SloEvaluator.EvaluateObjectives(Slo(Standard + "\n" + logObjective),
            [new SliValue("my-test-metric-1", 10, true), new SliValue("my-log-metric", 30, true)], Previous("my-test-metric-1", 10));
        var log = results.Single(r => r.Value.Metric == "my-log-metric");
        Assert.Equal(("info", 0.0, 0.0), (log.Status, log.Score, log.ComparedValue));
        Assert.Empty(log.PassTargets);
        Assert.Empty(log.WarningTargets);
        Assert.Equal(1, max);
    }

    [Fact]
    public void O5_NoPrevious_RelativeSatisfied_FixedViolated()
    {
        var slo = Slo("  - sli: m\n    pass: [{criteria: [\"<=+20%\", \"<500\"]}]");
        var (results, max, _) = SloEvaluator.EvaluateObjectives(slo, [new SliValue("m", 1011.07, true)], []);
        var r = Assert.Single(results);
        Assert.Equal(("fail", 0.0, 1.0), (r.Status, r.Score, max));
        Assert.Equal([("<=+20%", 0.0, false), ("<500", 500.0, true)], Targets(r.PassTargets));
    }

    [Fact]
    public void O6_PreviousWithoutSuccess_SkipsTheComparison()
    {
        var slo = Slo("  - sli: m\n    pass: [{criteria: [\"<=+20%\"]}]", comparison: "single_result");
        var r = Assert.Single(SloEvaluator.EvaluateObjectives(slo, [new SliValue("m", 100, true)], [new PreviousEvaluation("p", [new SliValue("m", 5, false)])]).Results);
        Assert.Equal(("pass", 1.0), (r.Status, r.Score));
        Assert.Equal([("<=+20%", 0.0, false)], Targets(r.PassTargets));
    }

    [Fact]
    public void O7_MissingValue_AndAdditionalSlis()
    {
        var slo = Slo(Standard.Replace("my-test-metric-1", "a_different_metric", StringComparison.Ordinal));
        var values = new List<SliValue> { new("my-test-metric-1", 10, true) };
        var r = Assert.Single(SloEvaluator.EvaluateObjectives(slo, values, Previous("a_different_metric", 5)).Results);
        Assert.Equal(("fail", 0.0), (r.Status, r.Score));
        Assert.Equal(new SliValue("a_different_metric", 0, false, "no value received from SLI provider"), r.Value);
        Assert.Equal([("<=15.0", 15.0, true), ("<=+10%", 5.0, true)], Targets(r.PassTargets));
        Assert.Equal([("<=20.0", 20.0, true), ("<=+15%", 5.0, true)], Targets(r.WarningTargets));
        Assert.Equal("Lighthouse received additional SLIs, which are not specified as SLO: my-test-metric-1 . Please consider using them as an SLO.",
            SloEvaluator.AdditionalSlis(slo, values));
    }

    [Fact]
    public void O8_NoObjectives()
    {
        var outcome = SloEvaluator.Evaluate(SloFile.Parse("spec_version: '1.0'\ntotal_score: {pass: '90%'}"), [], []);
        Assert.Equal(("fail", 0.0, 100.0), (outcome.Result, outcome.Score, outcome.MaxScore));
        Assert.Null(outcome.IndicatorResults);
        Assert.Equal("lighthouse failed because no SLO objective was provided", outcome.Message);
    }

    [Theory]
    [InlineData(null, "no value received from SLI provider")]
    [InlineData("could not get data", "could not get data")]
    public void O9_O10_NoValue_OrAFailedOne(string? providerMessage, string message)
    {
        var values = providerMessage is null ? new List<SliValue>() : [new SliValue("my-test-metric-1", 0, false, providerMessage)];
        var r = Assert.Single(SloEvaluator.EvaluateObjectives(Slo(Standard), values, Previous("my-test-metric-1", 10)).Results);
        Assert.Equal(("fail", 0.0, false, message, 0.0), (r.Status, r.Score, r.Value.Success, r.Value.Message, r.ComparedValue));
        Assert.Equal([("<=15.0", 15.0, true), ("<=+10%", 10.0, true)], Targets(r.PassTargets));
        Assert.Equal([("<=20.0", 20.0, true), ("<=+15%", 10.0, true)], Targets(r.WarningTargets));
    }

    // T1–T6: total score, pass 90%, warning 75%.
    private static IndicatorResult Scored(double score, bool targets = true, string name = "") =>
        new(score, new SliValue("m", 1, true), 0, name, targets ? [new TargetResult("<=1", 1, score == 0)] : [], [], false, targets ? "pass" : "info");

    [Theory]
    [InlineData(new[] { 1.0 }, 1, "pass", 100, "")]
    [InlineData(new[] { 1.0, 0.506 }, 2, "warning", 75.3, "Evaluation returned a warning: the calculated score of 75.3 is close to the warning target value of 75")]
    [InlineData(new[] { 1.0, 0.48 }, 2, "fail", 74, "Evaluation failed since the calculated score of 74 is below the warning value of 75")]
    public void T1_T3_T4_TotalScore(double[] scores, double max, string result, double score, string message)
    {
        var outcome = SloEvaluator.Total(scores.Select(s => Scored(s)).ToList(), max, null, "90%", "75%", null);
        Assert.Equal((result, message), (outcome.Result, outcome.Message));
        Assert.Equal(score, outcome.Score, 10);
    }

    [Fact]
    public void T2_KeySliFailure_FailsWhateverTheScore()
    {
        var outcome = SloEvaluator.Total([Scored(1), Scored(0, name: "cpu time")], 2, ("cpu time", "evaluation failed"), "90%", "75%", null);
        Assert.Equal(("fail", 50.0, "Evaluation failed due to key_sli objective 'cpu time': evaluation failed"), (outcome.Result, outcome.Score, outcome.Message));
    }

    [Fact]
    public void T5_OnlyInfoObjectives_Pass100() =>
        Assert.Equal(("pass", 100.0), (SloEvaluator.Total([Scored(0, targets: false)], 0, null, "90%", "75%", null) is var o ? (o.Result, o.Score) : default));

    [Fact]
    public void T6_InfoIndicatorsAreNotSummed() =>
        Assert.Equal(("pass", 100.0), (SloEvaluator.Total([Scored(1), Scored(1, targets: false)], 1, null, "90%", "75%", null) is var o ? (o.Result, o.Score) : default));

    [Theory]
    [InlineData(null, null, "no target score defined")]
    [InlineData("ninety", null, "total_score.pass 'ninety' is not a percentage")]
    [InlineData("90%", "lots", "total_score.warning 'lots' is not a percentage")]
    public void TotalScoreMissingOrUnparsable_IsErrored(string? pass, string? warning, string message)
    {
        var outcome = SloEvaluator.Total([Scored(1)], 1, null, pass, warning, null);
        Assert.True(outcome.Errored);
        Assert.Equal(message, outcome.Message);
    }

    [Fact]
    public void ComparisonDefaults_AsTheLighthouseCode()
    {
        Assert.Equal(SloComparison.Default, SloFile.Parse("objectives: []").Comparison);
        var block = SloFile.Parse("comparison: {compare_with: several_results}").Comparison;
        Assert.Equal(("all", 3, "avg", 3), (block.IncludeResultWithScore, block.NumberOfComparisonResults, block.AggregateFunction, block.ResultsToCompare));
        Assert.Equal(1, SloFile.Parse("comparison: {compare_with: single_result, number_of_comparison_results: 5}").Comparison.ResultsToCompare);
        Assert.Equal(3, SloFile.Parse("comparison: {compare_with: weird}").Comparison.ResultsToCompare);
    }

    [Fact]
    public void InvalidCriterion_FailsTheEvaluation_NamingTheObjective()
    {
        var outcome = SloEvaluator.Evaluate(Slo("  - sli: m\n    displayName: Response time\n    pass: [{criteria: [\"~10\"]}]"), [new SliValue("m", 1, true)], []);
        Assert.Equal("fail", outcome.Result);
        Assert.StartsWith("error with Response time: criteria '~10': no operator set", outcome.Message);
    }

    [Fact]
    public void WeightZero_CountsAsOne_AndNullObjectivesAreDropped()
    {
        var slo = SloFile.Parse("objectives:\n  - sli: m\n    weight: 0\n    pass: [{criteria: ['<5']}]\n  - null\ntotal_score: {pass: '90%'}");
        Assert.Equal(1, Assert.Single(slo.Objectives).Weight);
    }
}
