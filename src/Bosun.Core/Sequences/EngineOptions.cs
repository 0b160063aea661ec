namespace Bosun.Core.Sequences;

public sealed record EngineOptions
{
    /// <summary>Keptn's <c>TASK_STARTED_WAIT_DURATION</c>: a task with no answer at all past this times the sequence out.</summary>
    public TimeSpan TaskStartedWait { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The <c>source</c> of events the engine emits; Keptn's value, so existing filters keep working.</summary>
    public string Source { get; init; } = DefaultSource;

    public const string DefaultSource = "shipyard-controller";
}
