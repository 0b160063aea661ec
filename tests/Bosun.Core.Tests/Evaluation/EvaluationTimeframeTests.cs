using System.Text.Json.Nodes;
using Bosun.Core.Evaluation;

namespace Bosun.Core.Tests.Evaluation;

/// <summary>spec/keptn.md §6.1 step 2 (from the event) and §4.2 (the evaluation endpoint's rules).</summary>
public sealed class EvaluationTimeframeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static (DateTimeOffset, DateTimeOffset)? FromEvent(string json, out string? error) =>
        EvaluationTimeframe.FromEvent((JsonObject)JsonNode.Parse(json)!, Now, out error);

    [Fact]
    public void EvaluationStartAndEnd_AreUsed()
    {
        var window = FromEvent("""{"evaluation":{"start":"2026-11-25T10:00:00.000Z","end":"2026-11-25T10:05:00.000Z"}}""", out _);
        Assert.Equal((Now.AddHours(-2), Now.AddHours(-2).AddMinutes(5)), window);
    }

    [Fact]
    public void Timeframe_EndsNow_OrRunsFromStart()
    {
        Assert.Equal((Now.AddMinutes(-10), Now), FromEvent("""{"evaluation":{"timeframe":"10m"}}""", out _));
        Assert.Equal((Now.AddHours(-1), Now.AddMinutes(-30)), FromEvent("""{"evaluation":{"start":"2026-11-25T11:00:00Z","timeframe":"30m"}}""", out _));
    }

    [Fact]
    public void TestStartAndEnd_AreTheFallback() =>
        Assert.Equal((Now.AddMinutes(-3), Now), FromEvent("""{"test":{"start":"2026-11-25T11:57:00.000Z","end":"2026-11-25T12:00:00.000Z"}}""", out _));

    [Theory]
    [InlineData("""{"project":"p"}""", "evaluation.triggered event does not contain evaluation timeframe")]
    [InlineData("""{"evaluation":{"timeframe":"soon"}}""", "evaluation.timeframe 'soon' is not a duration such as 5m or 1h30m")]
    [InlineData("""{"evaluation":{"start":"yesterday","end":"today"}}""", "evaluation.start 'yesterday' is not a timestamp such as 2006-01-02T15:04:05.000Z")]
    [InlineData("""{"evaluation":{"start":"2026-11-25T11:00:00Z","end":"2026-11-25T10:00:00Z"}}""", "the end 2026-11-25T10:00:00.000Z is before the start 2026-11-25T11:00:00.000Z")]
    public void MissingOrBad_IsAnError(string json, string message)
    {
        Assert.Null(FromEvent(json, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Request_DefaultsToFiveMinutesEndingNow() =>
        Assert.Equal((Now.AddMinutes(-5), Now), EvaluationTimeframe.FromRequest(null, null, null, Now));

    [Theory]
    [InlineData("2026-11-25T11:00:00.000Z", null, "15m", "2026-11-25T11:15:00.000Z")]
    [InlineData("2026-11-25T11:00:00", "2026-11-25T11:30:00+00:00", null, "2026-11-25T11:30:00.000Z")]
    [InlineData("2026-11-25T11:00:00.000Z", null, null, "2026-11-25T11:05:00.000Z")]
    public void Request_StartWithTimeframeOrEnd(string start, string? end, string? timeframe, string expectedEnd)
    {
        var (from, to) = EvaluationTimeframe.FromRequest(start, end, timeframe, Now);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero), from);
        Assert.Equal(expectedEnd, EvaluationTimeframe.Format(to));
    }

    [Theory]
    [InlineData(null, "2026-11-25T11:00:00Z", null, "end date must only be set in combination with a start date")]
    [InlineData("2026-11-25T11:00:00Z", "2026-11-25T11:30:00Z", "5m", "end date and timeframe are mutually exclusive")]
    [InlineData("2026-11-25T11:00:00Z", "2026-11-25T11:00:30Z", null, "end date must be at least 1 minute after start date")]
    [InlineData("25/11/2026", null, null, "start '25/11/2026' is not a timestamp such as 2006-01-02T15:04:05.000Z")]
    public void Request_BrokenRules_AreNamed(string? start, string? end, string? timeframe, string message) =>
        Assert.Equal(message, Assert.Throws<SloException>(() => EvaluationTimeframe.FromRequest(start, end, timeframe, Now)).Message);

    [Fact]
    public void ResultJson_HasTheShapeOfSection66_AndReadsBackAsPreviousValues()
    {
        var slo = SloFile.Parse("objectives:\n  - sli: response_time_p95\n    displayName: Response time\n    pass: [{criteria: ['<=+10%', '<600']}]\ntotal_score: {pass: '90%'}");
        var outcome = SloEvaluator.Evaluate(slo, [new SliValue("response_time_p95", 420.5, true)], [new PreviousEvaluation("e-1", [new SliValue("response_time_p95", 400, true)])]);
        var json = EvaluationResultJson.Build(outcome, Now.AddMinutes(-5), Now, "spec_version: '1.0'", ["e-1"]);
        Assert.Equal("pass", json["result"]!.GetValue<string>());
        Assert.Equal(100, json["score"]!.GetValue<double>());
        Assert.Equal("2026-11-25T11:55:00.000Z", json["timeStart"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String("spec_version: '1.0'"u8.ToArray()), json["sloFileContent"]!.GetValue<string>());
        Assert.Equal("e-1", json["comparedEvents"]![0]!.GetValue<string>());
        var indicator = json["indicatorResults"]![0]!;
        Assert.Equal(("Response time", "pass", false), (indicator["displayName"]!.GetValue<string>(), indicator["status"]!.GetValue<string>(), indicator["keySli"]!.GetValue<bool>()));
        Assert.Equal(400, indicator["value"]!["comparedValue"]!.GetValue<double>());
        Assert.Equal(440, indicator["passTargets"]![0]!["targetValue"]!.GetValue<double>(), 6);
        var back = EvaluationResultJson.PreviousValues((JsonObject)JsonNode.Parse(json.ToJsonString())!);
        Assert.Equal(new SliValue("response_time_p95", 420.5, true), Assert.Single(back));
    }
}
