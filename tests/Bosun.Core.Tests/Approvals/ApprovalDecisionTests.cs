using System.Text.Json.Nodes;
using Bosun.Core.Approvals;

namespace Bosun.Core.Tests.Approvals;

/// <summary>Keptn's approval-service rules (spec §3.10): result → strategy → answer.</summary>
public sealed class ApprovalDecisionTests
{
    [Theory]
    [InlineData("""{"result":"pass","approval":{"pass":"automatic","warning":"manual"}}""", "pass", "automatic", "pass")]
    [InlineData("""{"result":"warning","approval":{"pass":"automatic","warning":"manual"}}""", "warning", "manual", null)]
    [InlineData("""{"result":"warning","approval":{"pass":"manual","warning":"automatic"}}""", "warning", "automatic", "pass")]
    [InlineData("""{"result":"pass","approval":{}}""", "pass", "manual", null)]
    [InlineData("""{"result":"pass"}""", "pass", "manual", null)]
    [InlineData("""{"result":"fail","approval":{"pass":"manual","warning":"manual"}}""", "fail", "automatic", "fail")]
    [InlineData("""{"evaluation":{"result":"pass"},"approval":{"pass":"Automatic"}}""", "pass", "automatic", "pass")]
    [InlineData("""{"approval":{"pass":"automatic"}}""", "", "manual", null)]
    public void Decide(string data, string result, string strategy, string? finished)
    {
        var decision = ApprovalDecision.Decide((JsonObject)JsonNode.Parse(data)!);
        Assert.Equal(new ApprovalDecision(result, strategy, finished), decision);
        Assert.Equal($"Approval strategy for result '{result}': {strategy}", decision.StartedMessage);
    }
}
