using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Bosun.Server.Api;

// Keptn 1.4.5 shipyard-controller's sequence-execution answer (models/sequence_execution.go, models/eventscope.go,
// models/api/sequence_execution.go); the Bridge reads it as bridge/shared/interfaces/sequence-execution-result.ts.

/// <summary>A page of executions; the key is an integer offset (the shipyard-controller's <c>PaginationResult</c>).</summary>
internal sealed record SequenceExecutionPage(IReadOnlyList<SequenceExecutionView> SequenceExecutions, long NextPageKey, int PageSize, int TotalCount);

/// <summary>One run of one sequence in one stage for one service.</summary>
internal sealed record SequenceExecutionView(
    [property: JsonPropertyName("_id")] string Id,
    string SchemaVersion,
    SequenceDefinitionView Sequence,
    SequenceExecutionStatusView Status,
    EventScopeView Scope,
    JsonObject InputProperties,
    string TriggeredAt);

/// <summary>The shipyard's sequence (go-utils' <c>keptnv2.Sequence</c>).</summary>
internal sealed record SequenceDefinitionView(string Name, IReadOnlyList<TaskDefinitionView> Tasks);

internal sealed record TaskDefinitionView(
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TriggeredAfter,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Properties);

internal sealed record SequenceExecutionStatusView(string State, string StateBeforePause, IReadOnlyList<TaskResultView> PreviousTasks, CurrentTaskView CurrentTask);

internal sealed record TaskResultView(string Name, [property: JsonPropertyName("triggeredID")] string TriggeredId, string Result, string Status, JsonObject Properties);

internal sealed record CurrentTaskView(string Name, [property: JsonPropertyName("triggeredID")] string TriggeredId, IReadOnlyList<TaskEventView> Events);

internal sealed record TaskEventView(string EventType, string Source, string Result, string Status, string Time, JsonObject Properties);

/// <summary>Where the execution runs, and the event that last moved it.</summary>
internal sealed record EventScopeView(
    string Project,
    string Stage,
    string Service,
    IReadOnlyDictionary<string, string> Labels,
    string KeptnContext,
    string TriggeredId,
    string Gitcommitid,
    string EventType);
