namespace Bosun.Core.Sequences;

/// <summary>The open task of a sequence: its triggered event, answers so far, and its deadlines.</summary>
public sealed class TaskExecution
{
    public required string Name { get; init; }
    public required int Index { get; init; }

    /// <summary>The id of the task's <c>.triggered</c> event; chosen before it is sent, so it survives a restart.</summary>
    public required string TriggeredId { get; init; }

    /// <summary>When a <c>triggeredAfter</c> delay ends; null for a task sent at once.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>When the <c>.triggered</c> event went out; null while delayed.</summary>
    public DateTimeOffset? TriggeredAt { get; set; }

    public int StartedCount { get; set; }
    public List<TaskResponse> Finished { get; init; } = [];

    /// <summary>Keptn's wait for a first answer (10 minutes by default).</summary>
    public DateTimeOffset? StartedDeadline { get; set; }

    /// <summary>Bosun's <c>properties.timeout</c> deadline for the whole task.</summary>
    public DateTimeOffset? TimeoutAt { get; set; }

    public string? TimeoutText { get; set; }

    public bool IsSent => TriggeredAt is not null;
    public bool HasAnswer => StartedCount > 0 || Finished.Count > 0;
    public bool IsComplete => Finished.Count > 0 && StartedCount == Finished.Count;
}
