using Bosun.Core.Events;

namespace Bosun.Core.Sequences;

public sealed partial class SequenceEngine
{
    /// <summary>
    /// Pause, resume or abort the active executions of a context (one stage, or all when <paramref name="stage"/>
    /// is empty), as spec §3.8. Returns a rejection when the context has no active execution there.
    /// </summary>
    public EngineResult Control(string project, string keptnContext, ControlState state, string? stage, DateTimeOffset now)
    {
        var executions = Book.InContext(keptnContext)
            .Where(e => e.Project == project && (string.IsNullOrEmpty(stage) || e.Stage == stage))
            .ToList();
        if (executions.Count == 0)
        {
            return EngineResult.Reject(404, string.IsNullOrEmpty(stage)
                ? $"no active sequence with keptnContext {keptnContext} in project {project}"
                : $"no active sequence with keptnContext {keptnContext} in stage {stage} of project {project}");
        }
        var result = new EngineResult();
        switch (state)
        {
            case ControlState.Pause:
                foreach (var e in executions.Where(e => e.State != SequenceState.Paused))
                {
                    e.StateBeforePause = e.State;
                    e.State = SequenceState.Paused;
                    e.PausedAt = now;
                    Touch(result, e, now);
                }
                break;
            case ControlState.Resume:
                foreach (var e in executions.Where(e => e.State == SequenceState.Paused))
                {
                    Resume(e, now);
                    Touch(result, e, now);
                }
                foreach (var scope in executions.Select(e => e.Scope).Distinct())
                {
                    Dispatch(result, scope, now);
                }
                break;
            default:
                foreach (var e in executions)
                {
                    Finish(result, e, KeptnResult.Pass, KeptnStatus.Aborted, "sequence aborted", now, SequenceState.Aborted, chain: false);
                }
                break;
        }
        return result;
    }

    private static void Resume(SequenceExecution execution, DateTimeOffset now)
    {
        // Time spent paused does not count against a task's deadlines or delay.
        var paused = now - (execution.PausedAt ?? now);
        if (execution.Current is { } task)
        {
            task.DueAt += paused;
            task.StartedDeadline += paused;
            task.TimeoutAt += paused;
        }
        execution.State = execution.Current is null
            ? SequenceState.Waiting
            : execution.StateBeforePause ?? SequenceState.Started;
        execution.StateBeforePause = null;
        execution.PausedAt = null;
    }

    /// <summary>Forgets the active executions of a deleted project.</summary>
    public void DropProject(string project)
    {
        foreach (var execution in Book.All.Where(e => e.Project == project).ToList())
        {
            Book.Remove(execution);
        }
    }
}
