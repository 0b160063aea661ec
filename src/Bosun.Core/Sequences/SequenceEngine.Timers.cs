using Bosun.Core.Events;

namespace Bosun.Core.Sequences;

public sealed partial class SequenceEngine
{
    /// <summary>The earliest moment at which <see cref="Tick"/> has something to do, or null.</summary>
    public DateTimeOffset? NextDue()
    {
        DateTimeOffset? next = null;
        foreach (var execution in TimedExecutions())
        {
            next = Min(next, DueAt(execution));
        }
        return next;
    }

    /// <summary>
    /// The earliest moment at which <see cref="Tick"/> has something to do for one execution, or null: its delayed
    /// task's start, the wait for a first answer, or its task's timeout. Stored with the execution, so that any process
    /// can find what is due (docs/architecture.md, "Timers are rows").
    /// </summary>
    public static DateTimeOffset? DueAt(SequenceExecution execution)
    {
        if (!execution.IsActive || execution.State == SequenceState.Paused || execution.Current is not { } task)
        {
            return null;
        }
        var next = task.IsSent ? null : task.DueAt;
        next = Min(next, task.IsSent && !task.HasAnswer ? task.StartedDeadline : null);
        return Min(next, task.IsSent ? task.TimeoutAt : null);
    }

    /// <summary>
    /// Sends delayed tasks that are due and times out tasks past their deadlines; with <paramref name="include"/>, only
    /// for the executions it selects (the scopes a writer holds).
    /// </summary>
    public EngineResult Tick(DateTimeOffset now, Func<SequenceExecution, bool>? include = null)
    {
        var result = new EngineResult();
        foreach (var execution in TimedExecutions().ToList())
        {
            if (!execution.IsActive || execution.State == SequenceState.Paused || execution.Current is not { } task
                || (include is not null && !include(execution)))
            {
                continue;
            }
            if (!task.IsSent)
            {
                if (task.DueAt <= now && SpecOf(execution) is { } spec && task.Index < spec.Tasks.Count)
                {
                    SendTask(result, execution, spec.Tasks[task.Index], now);
                    Touch(result, execution, now);
                }
                continue;
            }
            if (!task.HasAnswer && task.StartedDeadline <= now)
            {
                Finish(result, execution, KeptnResult.Fail, KeptnStatus.Errored,
                    $"sequence timed out while waiting for task {KeptnEventType.TaskType(task.Name, "triggered")} to receive a correlating .started or .finished event",
                    now, SequenceState.TimedOut, chain: false);
            }
            else if (task.TimeoutAt <= now)
            {
                // DESIGN decision 5: past properties.timeout the task itself fails, so triggeredOn-fail sequences run.
                var message = $"task {task.Name} did not finish within its timeout of {task.TimeoutText}";
                var properties = new System.Text.Json.Nodes.JsonObject();
                foreach (var response in task.Finished)
                {
                    PayloadMerge.Into(properties, response.Data);
                }
                CloseCurrent(result, execution);
                execution.Completed.Add(new CompletedTask(task.Name, task.TriggeredId, KeptnResult.Fail, KeptnStatus.Errored,
                    message, properties, task.TriggeredAt, now, Executors(task)));
                Finish(result, execution, KeptnResult.Fail, KeptnStatus.Errored, message, now, SequenceState.Finished, chain: true);
            }
        }
        return result;
    }

    /// <summary>Only executions with a sent or delayed task have deadlines; queued ones have none.</summary>
    private IEnumerable<SequenceExecution> TimedExecutions() =>
        Book.OpenTasks.Select(t => t.Execution).Concat(Book.Delayed).Distinct();

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);
}
