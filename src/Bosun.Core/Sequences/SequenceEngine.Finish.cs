using System.Text.Json.Nodes;
using Bosun.Core.Events;

namespace Bosun.Core.Sequences;

public sealed partial class SequenceEngine
{
    /// <summary>Ends a sequence: emits its <c>.finished</c>, frees its scope, and triggers chained sequences.</summary>
    private void Finish(EngineResult result, SequenceExecution execution, string taskResult, string status, string? message,
        DateTimeOffset now, SequenceState finalState, bool chain)
    {
        CloseCurrent(result, execution);
        execution.State = finalState;
        execution.StateBeforePause = null;
        execution.PausedAt = null;
        execution.Result = taskResult;
        execution.Status = status;
        execution.Message = message;
        execution.FinishedAt = now;
        var data = new JsonObject
        {
            ["project"] = execution.Project,
            ["stage"] = execution.Stage,
            ["service"] = execution.Service,
            ["result"] = taskResult,
            ["status"] = status,
            ["message"] = message ?? string.Empty,
        };
        CopyLabels(execution.InputData, data);
        var evt = NewEvent(KeptnEventType.SequenceType(execution.Stage, execution.Sequence, "finished"),
            execution.KeptnContext, execution.Id, now, data);
        result.Emitted.Add(evt);
        execution.LatestEvent = new EventRef(evt.Type, evt.Id, now);
        if (TaskOutcome.Stops(taskResult, status))
        {
            execution.LatestFailedEvent = execution.LatestEvent;
        }
        Touch(result, execution, now);
        Book.Remove(execution);
        Dispatch(result, execution.Scope, now);
        if (chain)
        {
            Chain(result, execution, now);
        }
    }

    /// <summary>Triggers every sequence whose <c>triggeredOn</c> names the finished one (spec §3.5).</summary>
    private void Chain(EngineResult result, SequenceExecution finished, DateTimeOffset now)
    {
        var shipyard = catalog.GetShipyard(finished.Project);
        if (shipyard is null)
        {
            return;
        }
        var key = $"{finished.Stage}.{finished.Sequence}.finished";
        var lastTask = finished.Completed.LastOrDefault()?.Name;
        var outcome = finished.Result ?? KeptnResult.Fail;
        foreach (var stage in shipyard.Stages)
        {
            foreach (var sequence in stage.Sequences)
            {
                if (!sequence.TriggeredOn.Any(t => t.Event == key && Selects(t.Match, lastTask, outcome)))
                {
                    continue;
                }
                var data = BaseData(finished);
                data["stage"] = stage.Name;
                data.Remove("message");
                var evt = NewEvent(KeptnEventType.SequenceType(stage.Name, sequence.Name, "triggered"), finished.KeptnContext, null, now, data);
                result.Emitted.Add(evt);
                StartSequence(result, evt, sequence.Name, now, finished);
            }
        }
    }

    private static bool Selects(IReadOnlyDictionary<string, string> match, string? lastTask, string outcome)
    {
        if (match.Count == 0)
        {
            return outcome is KeptnResult.Pass or KeptnResult.Warning;
        }
        return (match.TryGetValue("result", out var wanted) && wanted == outcome)
            || (lastTask is not null && match.TryGetValue($"{lastTask}.result", out var taskWanted) && taskWanted == outcome);
    }
}
