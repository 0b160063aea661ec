using System.Text.Json.Nodes;
using Bosun.Core.Sequences;

namespace Bosun.Core.Tests.Sequences;

public class PayloadMergeTests
{
    [Fact]
    public void Into_Objects_MergeRecursively()
    {
        var target = JsonNode.Parse("""{"a":{"x":1,"y":"old"},"keep":"me"}""")!.AsObject();
        PayloadMerge.Into(target, JsonNode.Parse("""{"a":{"y":"new","z":true}}""")!.AsObject());
        Assert.Equal("""{"a":{"x":1,"y":"new","z":true},"keep":"me"}""", target.ToJsonString());
    }

    [Fact]
    public void Into_NumbersAndBooleans_NewerWins_DesignDecision4()
    {
        // Keptn kept the old number, which froze remediation's actionIndex at 0.
        var target = JsonNode.Parse("""{"get-action":{"actionIndex":0},"flag":false}""")!.AsObject();
        PayloadMerge.Into(target, JsonNode.Parse("""{"get-action":{"actionIndex":1},"flag":true}""")!.AsObject());
        Assert.Equal(1, target["get-action"]!["actionIndex"]!.GetValue<int>());
        Assert.True(target["flag"]!.GetValue<bool>());
    }

    [Fact]
    public void Into_ArraysAndTypeMismatch_NewerWins()
    {
        var target = JsonNode.Parse("""{"urls":["a"],"v":{"o":1}}""")!.AsObject();
        PayloadMerge.Into(target, JsonNode.Parse("""{"urls":["b"],"v":"text"}""")!.AsObject());
        Assert.Equal("""{"urls":["b"],"v":"text"}""", target.ToJsonString());
    }
}
