namespace Bosun.Core.Sequences;

/// <summary>
/// What an execution says about a delivery, for the DORA figures: when its delivery task (<c>deliver</c> or
/// <c>deployment</c>) passed or warned, and when a task after it failed (a quality gate, say).
/// </summary>
public static class DeliveryFacts
{
    public static readonly IReadOnlyList<string> DeliveryTasks = ["deliver", "deployment"];

    public static (DateTimeOffset? DeliveredAt, DateTimeOffset? FailedAt) Of(SequenceExecution execution)
    {
        var delivery = execution.Completed.FindIndex(t => DeliveryTasks.Contains(t.Name) && t.Result is Events.KeptnResult.Pass or Events.KeptnResult.Warning);
        return delivery < 0
            ? (null, null)
            : (execution.Completed[delivery].FinishedAt, execution.Completed.Skip(delivery + 1).FirstOrDefault(t => t.Result == Events.KeptnResult.Fail)?.FinishedAt);
    }
}
