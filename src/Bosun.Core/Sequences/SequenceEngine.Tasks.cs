using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Shipyard;
using Bosun.Core.Tracing;

namespace Bosun.Core.Sequences;

public sealed partial class SequenceEngine
{
    private const string ApprovalTask = "approval";

    private void SendNextTask(EngineResult result, SequenceExecution execution, DateTimeOffset now)
    {
        var spec = SpecOf(execution);
        if (spec is null || execution.NextTaskIndex >= spec.Tasks.Count)
        {
            Finish(result, execution, KeptnResult.Fail, KeptnStatus.Errored,
                $"sequence {execution.Sequence} is no longer defined in stage {execution.Stage}", now, SequenceState.Finished, chain: false);
            return;
        }
        var task = spec.Tasks[execution.NextTaskIndex];
        execution.Current = new TaskExecution
        {
            Name = task.Name,
            Index = execution.NextTaskIndex,
            TriggeredId = newId(),
            TimeoutText = task.Properties?["timeout"]?.ToString(),
        };
        execution.State = task.Name == ApprovalTask ? SequenceState.WaitingForApproval : SequenceState.Started;
        if (task.TriggeredAfter is { } after && after > TimeSpan.Zero)
        {
            execution.Current.DueAt = now + after;
            Book.Delay(execution);
        }
        else
        {
            SendTask(result, execution, task, now);
        }
        Touch(result, execution, now);
    }

    private void SendTask(EngineResult result, SequenceExecution execution, TaskSpec task, DateTimeOffset now)
    {
        var current = execution.Current!;
        var data = BaseData(execution);
        if (task.Properties is not null)
        {
            var slot = data[task.Name] as JsonObject ?? new JsonObject();
            PayloadMerge.Into(slot, task.Properties);
            data[task.Name] = slot;
        }
        // DESIGN §7: the CloudEvents distributed-tracing extension, so the executors' work joins the task's span.
        var evt = new KeptnEvent(current.TriggeredId, _options.Source, KeptnEventType.TaskType(task.Name, "triggered"),
            execution.KeptnContext, null, now, data,
            Extensions: new JsonObject { ["traceparent"] = SequenceTrace.OfTask(execution, current.TriggeredId).ToString() });
        current.TriggeredAt = now;
        current.StartedDeadline = now + _options.TaskStartedWait;
        current.TimeoutAt = task.Timeout is { } timeout ? now + timeout : null;
        Book.OpenTask(current.TriggeredId, execution);
        execution.LatestEvent = new EventRef(evt.Type, evt.Id, now);
        result.Emitted.Add(evt);
        result.Opened.Add(evt);
    }

    /// <summary>The payload a task or chained sequence receives (spec §3.3).</summary>
    private static JsonObject BaseData(SequenceExecution execution)
    {
        var data = execution.InputData.DeepCloneObject();
        foreach (var done in execution.Completed)
        {
            PayloadMerge.Into(data, done.Properties);
        }
        data["project"] = execution.Project;
        data["stage"] = execution.Stage;
        data["service"] = execution.Service;
        if (execution.Completed.LastOrDefault() is { } last)
        {
            data["result"] = last.Result;
            data["status"] = last.Status;
        }
        if (data.ContainsKey("message"))
        {
            data["message"] = string.Empty;
        }
        return data;
    }

    private EngineResult HandleTaskEvent(KeptnEvent evt, KeptnEventType type, DateTimeOffset now)
    {
        SequenceExecution? execution;
        var triggeredId = evt.TriggeredId;
        if (string.IsNullOrEmpty(triggeredId))
        {
            // DESIGN decision 2: match the single open task of this type in the same scope (and context, if given).
            var candidates = Book.OpenTasks.Where(t =>
                t.Execution.Current?.Name == type.Name
                && t.Execution.Project == evt.Project && t.Execution.Stage == evt.Stage && t.Execution.Service == evt.Service
                && (string.IsNullOrEmpty(evt.KeptnContext) || t.Execution.KeptnContext == evt.KeptnContext)).ToList();
            if (candidates.Count != 1)
            {
                return EngineResult.Reject(400, candidates.Count == 0
                    ? $"triggeredid is missing and no open {type.Name} task exists for project {evt.Project}, stage {evt.Stage}, service {evt.Service}"
                    : $"triggeredid is missing and {candidates.Count} open {type.Name} tasks match project {evt.Project}, stage {evt.Stage}, service {evt.Service}; set triggeredid");
            }
            (triggeredId, execution) = candidates[0];
        }
        else
        {
            execution = Book.FindByOpenTask(triggeredId);
            if (execution is null)
            {
                return EngineResult.Reject(400, $"triggeredid '{triggeredId}' does not match an open task");
            }
        }
        var current = execution.Current!;
        if (current.Name != type.Name)
        {
            return EngineResult.Reject(400, $"event type {evt.Type} does not answer the open task '{current.Name}' of triggeredid '{triggeredId}'");
        }
        if (!string.IsNullOrEmpty(evt.KeptnContext) && evt.KeptnContext != execution.KeptnContext)
        {
            return EngineResult.Reject(400, $"shkeptncontext '{evt.KeptnContext}' differs from the context '{execution.KeptnContext}' of triggeredid '{triggeredId}'");
        }
        if (evt.Project != execution.Project || evt.Stage != execution.Stage || evt.Service != execution.Service)
        {
            return EngineResult.Reject(400, $"data.project/stage/service ({evt.Project}/{evt.Stage}/{evt.Service}) differ from the task's ({execution.Project}/{execution.Stage}/{execution.Service})");
        }
        var stored = evt with { TriggeredId = triggeredId, KeptnContext = execution.KeptnContext };
        var result = new EngineResult { Inbound = stored };
        execution.LatestEvent = new EventRef(evt.Type, evt.Id, now);
        if (type.Kind == EventKind.Started)
        {
            current.StartedCount++;
        }
        else
        {
            var status = evt.Data.GetString("status") is { Length: > 0 } s ? s : KeptnStatus.Succeeded;
            var taskResult = evt.Data.GetString("result") ?? string.Empty;
            current.Finished.Add(new TaskResponse(evt.Id, status, taskResult, evt.Data.GetString("message"), evt.Data.DeepCloneObject(), evt.Source));
            if (TaskOutcome.Stops(taskResult is KeptnResult.Pass or KeptnResult.Warning ? taskResult : KeptnResult.Fail, status))
            {
                execution.LatestFailedEvent = execution.LatestEvent;
            }
        }
        Touch(result, execution, now);
        if (current.IsComplete)
        {
            CompleteTask(result, execution, now);
        }
        return result;
    }

    private static IReadOnlyList<string> Executors(TaskExecution task) =>
        task.Finished.Select(f => f.Source).OfType<string>().Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    private void CompleteTask(EngineResult result, SequenceExecution execution, DateTimeOffset now)
    {
        var current = execution.Current!;
        var (taskResult, status) = TaskOutcome.Aggregate(current.Finished);
        var properties = new JsonObject();
        foreach (var response in current.Finished)
        {
            PayloadMerge.Into(properties, response.Data);
        }
        var message = current.Finished.LastOrDefault(f => !string.IsNullOrEmpty(f.Message))?.Message;
        CloseCurrent(result, execution);
        execution.Completed.Add(new CompletedTask(current.Name, current.TriggeredId, taskResult, status, message, properties, current.TriggeredAt, now, Executors(current)));
        var taskCount = SpecOf(execution)?.Tasks.Count ?? 0;
        if (TaskOutcome.Stops(taskResult, status) || current.Index + 1 >= taskCount)
        {
            Finish(result, execution, taskResult, status, message, now, SequenceState.Finished, chain: true);
            return;
        }
        execution.NextTaskIndex = current.Index + 1;
        if (execution.State == SequenceState.Paused)
        {
            execution.StateBeforePause = SequenceState.Waiting;
            Touch(result, execution, now);
            return;
        }
        execution.State = SequenceState.Waiting;
        Touch(result, execution, now);
        Dispatch(result, execution.Scope, now);
    }

    private void CloseCurrent(EngineResult result, SequenceExecution execution)
    {
        if (execution.Current is { } current)
        {
            if (current.IsSent)
            {
                Book.CloseTask(current.TriggeredId);
                result.Closed.Add(current.TriggeredId);
            }
            execution.Current = null;
        }
    }
}
