using System.Text.Json.Nodes;
using Bosun.Core.Events;

namespace Bosun.Core.Approvals;

/// <summary>What Keptn's approval-service does with one <c>approval.triggered</c> (spec/keptn.md §3.10).</summary>
/// <param name="Result">The result it judges: the previous task's <c>result</c>, else <c>evaluation.result</c>.</param>
/// <param name="Strategy"><c>automatic</c> or <c>manual</c> for that result (missing → manual).</param>
/// <param name="Finished">The <c>approval.finished</c> result to send at once (pass or fail), or null to wait for a person.</param>
public sealed record ApprovalDecision(string Result, string Strategy, string? Finished)
{
    public const string Task = "approval";
    public const string Automatic = "automatic";
    public const string Manual = "manual";

    /// <summary>The message of <c>approval.started</c>, as Keptn words it.</summary>
    public string StartedMessage => $"Approval strategy for result '{Result}': {Strategy}";

    public static ApprovalDecision Decide(JsonObject triggered)
    {
        var result = triggered.GetString("result") is { Length: > 0 } r ? r : triggered.GetPath("evaluation.result") ?? string.Empty;
        var strategy = result switch
        {
            KeptnResult.Pass => StrategyFor(triggered, "pass"),
            KeptnResult.Warning => StrategyFor(triggered, "warning"),
            _ => Manual,
        };
        var finished = result == KeptnResult.Fail ? KeptnResult.Fail
            : strategy == Automatic && result is KeptnResult.Pass or KeptnResult.Warning ? KeptnResult.Pass
            : null;
        return new ApprovalDecision(result, result == KeptnResult.Fail ? Automatic : strategy, finished);
    }

    private static string StrategyFor(JsonObject triggered, string key) =>
        string.Equals(triggered.GetPath($"approval.{key}"), Automatic, StringComparison.OrdinalIgnoreCase) ? Automatic : Manual;
}
