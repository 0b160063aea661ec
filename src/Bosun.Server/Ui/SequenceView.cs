namespace Bosun.Server.Ui;

/// <summary>A sequence's page: its context's stages as a timeline, each event, and what may be done to it now.</summary>
public sealed record SequenceView(
    string Project,
    string KeptnContext,
    string Name,
    string Service,
    string State,
    IReadOnlyList<StageTimeline> Stages,
    IReadOnlyList<EventLine> OtherEvents,
    bool CanPause,
    bool CanResume,
    bool CanAbort,
    bool EventsCut);

/// <summary>One sequence execution: a stage's run of a sequence, its tasks in order and its own events.</summary>
public sealed record StageTimeline(
    string Stage,
    string Sequence,
    string State,
    string? Result,
    string? Message,
    string? Version,
    DateTimeOffset TriggeredAt,
    DateTimeOffset? FinishedAt,
    string? QueuedBehind,
    IReadOnlyList<TaskLine> Tasks,
    IReadOnlyList<EventLine> Events);

/// <summary>
/// A task of a stage: when it was sent and ended, what each executor answered, the deployment URLs it reported, and
/// the open approval's triggered id while it waits for one.
/// </summary>
public sealed record TaskLine(
    string Name,
    string TriggeredId,
    DateTimeOffset? TriggeredAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? FinishedAt,
    string? Result,
    IReadOnlyList<ExecutorLine> Executors,
    IReadOnlyList<string> DeploymentUrls,
    string? OpenApproval,
    IReadOnlyList<EventLine> Events)
{
    public TimeSpan? Duration => TriggeredAt is { } from && FinishedAt is { } to ? to - from : null;
}

/// <summary>What one executor (the <c>source</c> of its answers) said about a task.</summary>
public sealed record ExecutorLine(string Source, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Result, string? Status, string? Message);

/// <summary>An event as stored, with its JSON pretty-printed for reading, copying and downloading.</summary>
public sealed record EventLine(string Id, string Type, string Source, DateTimeOffset Time, string Json);
