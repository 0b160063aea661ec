using System.Text.Json.Nodes;
using Bosun.Core.Evaluation;

namespace Bosun.Core.Tests.Evaluation;

/// <summary>Issue 5 item 7: the stored evaluation alone says why a gate failed.</summary>
public sealed class EvaluationExplainTests
{
    private const string Slo = """
            objectives:
              - sli: response_time_p95
                displayName: Response time
                key_sli: true
                pass: [{criteria: ["<=+10%", "<600"]}]
                warning: [{criteria: ["<=800"]}]
              - sli: error_rate
                pass: [{criteria: ["<=1"]}]
              - sli: throughput
            total_score: {pass: "90%", warning: "75%"}
            """;

    private static JsonObject FailedGate(string? storedSlo = null)
    {
        var slo = SloFile.Parse(Slo);
        var outcome = SloEvaluator.Evaluate(slo,
            [new SliValue("response_time_p95", 650, true), new SliValue("throughput", 120, true)],
            [new PreviousEvaluation("e-1", [new SliValue("response_time_p95", 500, true)])]);
        // Through JSON and back, as the CLI reads it from the event store.
        var json = EvaluationResultJson.Build(outcome, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(5), storedSlo, ["e-1"]);
        return (JsonObject)JsonNode.Parse(json.ToJsonString())!;
    }

    [Fact]
    public void Rows_NameWhatWasMissedAndByHowMuch()
    {
        var rows = EvaluationExplain.Rows(FailedGate());
        Assert.Equal(new ExplainRow("Response time (key)", "650", "500", "<=800 (800)", "<=+10% (550), <600 (600)", "0.5", "warning"), rows[0]);
        Assert.Equal(new ExplainRow("error_rate", "none (no value received from SLI provider)", "0", string.Empty, "<=1 (1)", "0", "fail"), rows[1]);
        Assert.Equal(new ExplainRow("throughput", "120", "0", string.Empty, string.Empty, "0", "info"), rows[2]);
    }

    [Fact]
    public void Rows_TakeEachObjectivesWeightFromTheStoredSloFile()
    {
        var rows = EvaluationExplain.Rows(FailedGate(Slo.Replace("- sli: error_rate", "- sli: error_rate\n    weight: 3", StringComparison.Ordinal)));
        Assert.Equal(["1", "3", "1"], rows.Select(r => r.Weight));
        Assert.Equal(90, SloFile.Percent(EvaluationExplain.SloOf(FailedGate(Slo))!.TotalPass));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("a2luZDogU2hpcHlhcmQ=")] // "kind: Shipyard": another file
    public void Rows_WithoutAReadableSloFile_HaveNoWeight(string content)
    {
        var evaluation = FailedGate();
        evaluation["sloFileContent"] = content;
        Assert.All(EvaluationExplain.Rows(evaluation), r => Assert.Equal("-", r.Weight));
        Assert.Null(EvaluationExplain.SloOf(evaluation));
    }

    [Fact]
    public void Render_IsATableWithTheVerdict()
    {
        var text = EvaluationExplain.Render(FailedGate());
        var lines = text.Split(Environment.NewLine);
        Assert.StartsWith("Objective", lines[0]);
        Assert.Contains("Response time (key)", lines[1]);
        Assert.Equal("Result: fail, score 25", lines[^1]);
    }

    [Fact]
    public void AnEvaluationWithoutResults_RendersOnlyTheVerdict() =>
        Assert.EndsWith("Result: pass, score 100", EvaluationExplain.Render(new JsonObject { ["result"] = "pass", ["score"] = 100 }));
}
