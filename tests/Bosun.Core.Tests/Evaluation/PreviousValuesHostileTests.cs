using System.Text.Json.Nodes;
using Bosun.Core.Evaluation;

namespace Bosun.Core.Tests.Evaluation;

/// <summary>Anyone may post an evaluation.finished; the values read from it for later comparisons never throw.</summary>
public sealed class PreviousValuesHostileTests
{
    [Theory]
    [InlineData("""{"indicatorResults": [{"value": {"metric": "rt", "value": "fast", "success": "yes"}}]}""")]
    [InlineData("""{"indicatorResults": [{"value": {"metric": "rt", "value": 1e999999}}]}""")]
    [InlineData("""{"indicatorResults": [{"value": {"metric": ["rt"], "value": 1}}]}""")]
    [InlineData("""{"indicatorResults": [{"value": [1]}, 5, null]}""")]
    [InlineData("""{"indicatorResults": {"value": 1}}""")]
    public void HostileEntries_AreSkipped(string json) =>
        Assert.Empty(EvaluationResultJson.PreviousValues((JsonObject)JsonNode.Parse(json)!));

    [Fact]
    public void GoodEntries_AreRead()
    {
        var values = EvaluationResultJson.PreviousValues((JsonObject)JsonNode.Parse("""{"indicatorResults": [{"value": {"metric": "rt", "value": 420.5, "success": true}}]}""")!);
        Assert.Equal(420.5, Assert.Single(values).Value);
        Assert.True(values[0].Success);
    }
}
