using System.Text.Json.Nodes;
using Bosun.Core.Sequences;

namespace Bosun.Core.Tests.Sequences;

public class TaskOutcomeTests
{
    private static TaskResponse R(string status, string result) => new("id", status, result, null, new JsonObject());

    [Theory]
    [InlineData("succeeded,pass", "succeeded,pass", "pass", "succeeded")]
    [InlineData("succeeded,pass", "succeeded,warning", "warning", "succeeded")]
    [InlineData("succeeded,warning", "succeeded,fail", "fail", "succeeded")]
    [InlineData("succeeded,pass", "errored,fail", "fail", "errored")]
    [InlineData("aborted,pass", "succeeded,pass", "pass", "aborted")]
    [InlineData("unknown,pass", "succeeded,pass", "fail", "unknown")]
    [InlineData("succeeded,", "succeeded,pass", "fail", "succeeded")]
    public void Aggregate_SeveralExecutors_FollowsKeptnRules(string first, string second, string result, string status)
    {
        var responses = new[] { first, second }.Select(s => s.Split(',')).Select(p => R(p[0], p[1])).ToList();
        Assert.Equal((result, status), TaskOutcome.Aggregate(responses));
    }
}
