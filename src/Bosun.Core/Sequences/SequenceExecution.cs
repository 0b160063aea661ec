using System.Text.Json.Nodes;
using Bosun.Core.Events;

namespace Bosun.Core.Sequences;

/// <summary>One run of one shipyard sequence in one stage for one service (Keptn's SequenceExecution).</summary>
public sealed class SequenceExecution
{
    /// <summary>The id of the sequence's <c>.triggered</c> event.</summary>
    public required string Id { get; init; }
    public required string KeptnContext { get; init; }
    public required string Project { get; init; }
    public required string Stage { get; init; }
    public required string Service { get; init; }
    public required string Sequence { get; init; }

    /// <summary>Arrival order, for the FIFO queue of a project/stage/service.</summary>
    public required long Order { get; init; }
    public required DateTimeOffset TriggeredAt { get; init; }
    public required JsonObject InputData { get; init; }

    public SequenceState State { get; set; } = SequenceState.Triggered;
    public SequenceState? StateBeforePause { get; set; }
    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>The task to send next when <see cref="Current"/> is null.</summary>
    public int NextTaskIndex { get; set; }
    public TaskExecution? Current { get; set; }
    public List<CompletedTask> Completed { get; init; } = [];

    public string? Result { get; set; }
    public string? Status { get; set; }
    public string? Message { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>
    /// The W3C <c>traceparent</c> the context's first trigger carried (the CloudEvents distributed-tracing extension),
    /// passed on to the stages it chains; null when it carried none (DESIGN §7).
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>The execution whose <c>.finished</c> triggered this one through <c>triggeredOn</c>; null for a trigger from outside.</summary>
    public string? ChainedFrom { get; init; }
    public EventRef? LatestEvent { get; set; }
    public EventRef? LatestFailedEvent { get; set; }

    public bool IsActive => State.IsActive();
    public string Scope => ScopeKey(Project, Stage, Service);
    public string? Version => InputData.GetPath("labels.version");

    public static string ScopeKey(string project, string stage, string service) => $"{project}\u001f{stage}\u001f{service}";
}
