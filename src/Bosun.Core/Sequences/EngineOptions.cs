namespace Bosun.Core.Sequences;

public sealed record EngineOptions
{
    /// <summary>Keptn's <c>TASK_STARTED_WAIT_DURATION</c>: a task with no answer at all past this times the sequence out.</summary>
    public TimeSpan TaskStartedWait { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The <c>source</c> of events the engine emits; Keptn's value, so existing filters keep working.</summary>
    public string Source { get; init; } = DefaultSource;

    /// <summary>
    /// DESIGN §8: how many sequences may wait in one service and stage's queue; a trigger past it is refused (429) and
    /// nothing of it is stored. Null: no bound. A sequence chained by <c>triggeredOn</c> is never refused (no one could retry it).
    /// </summary>
    public int? QueueLimit { get; init; }

    public const string DefaultSource = "shipyard-controller";
}
