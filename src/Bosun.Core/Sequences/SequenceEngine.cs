using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Shipyard;

namespace Bosun.Core.Sequences;

/// <summary>
/// Keptn's shipyard-controller as a pure state machine: an input (an event, a tick of the clock, a control
/// request) and <c>now</c> go in; the changed executions, the events to emit and the open tasks come out.
/// It never reads a clock or touches storage; the host persists each <see cref="EngineResult"/> in one
/// transaction with the input that caused it.
/// </summary>
public sealed partial class SequenceEngine(IProjectCatalog catalog, Func<string> newId, EngineOptions? options = null)
{
    private readonly EngineOptions _options = options ?? new EngineOptions();

    public SequenceBook Book { get; } = new();

    /// <summary>Applies one inbound event. Task events that match no open task are rejected, nothing changed.</summary>
    public EngineResult Ingest(KeptnEvent evt, DateTimeOffset now)
    {
        var type = KeptnEventType.Parse(evt.Type);
        if (type.IsSequence && type.Kind == EventKind.Triggered)
        {
            if (catalog.GetShipyard(evt.Project ?? string.Empty) is null)
            {
                return EngineResult.Reject(404, $"project '{evt.Project}' does not exist");
            }
            if (QueueFull(evt, type.Name) is { } full)
            {
                return full;
            }
            var result = new EngineResult { Inbound = evt };
            StartSequence(result, evt, type.Name, now);
            return result;
        }
        if (type.IsTask && type.Kind is EventKind.Started or EventKind.Finished)
        {
            return HandleTaskEvent(evt, type, now);
        }
        return new EngineResult { Inbound = evt };
    }

    /// <summary>The refusal of a trigger whose service and stage already have <see cref="EngineOptions.QueueLimit"/> sequences waiting.</summary>
    private EngineResult? QueueFull(KeptnEvent evt, string sequenceName)
    {
        if (_options.QueueLimit is not { } limit || evt.Project is not { } project || evt.Stage is not { } stage || evt.Service is not { } service
            || Book.Find(evt.Id) is not null)
        {
            return null;
        }
        var scope = SequenceExecution.ScopeKey(project, stage, service);
        // A repeated trigger for a version already queued or running starts nothing: it is never refused.
        if (RepeatOf(scope, sequenceName, evt.Data.GetPath("labels.version")) is not null)
        {
            return null;
        }
        var waiting = Book.InScope(scope).Count(e => e.State.IsQueued());
        return waiting < limit ? null
            : EngineResult.Reject(429, $"the queue of {project}/{stage}/{service} is full: {waiting} sequences wait (the limit is {limit}); try again later");
    }

    /// <summary>The execution of <paramref name="sequenceName"/> for <paramref name="version"/> that is queued or running in the scope, if any.</summary>
    private SequenceExecution? RepeatOf(string scope, string sequenceName, string? version) =>
        string.IsNullOrEmpty(version) ? null : Book.InScope(scope).FirstOrDefault(e => e.Sequence == sequenceName && e.Version == version);

    private void StartSequence(EngineResult result, KeptnEvent evt, string sequenceName, DateTimeOffset now, SequenceExecution? chainedFrom = null)
    {
        var project = evt.Project!;
        var stage = evt.Stage!;
        var service = evt.Service!;
        var stageSpec = catalog.GetShipyard(project)?.FindStage(stage);
        var sequenceSpec = stageSpec?.FindSequence(sequenceName);
        var problem = stageSpec is null ? $"stage {stage} is not defined in the shipyard of project {project}"
            : sequenceSpec is null ? $"sequence {sequenceName} is not defined in stage {stage}"
            : sequenceSpec.Tasks.Count == 0 ? $"sequence {sequenceName} in stage {stage} has no tasks"
            : !catalog.ServiceExists(project, stage, service) ? $"service {service} does not exist in stage {stage}"
            : null;
        if (problem is not null)
        {
            var data = new JsonObject
            {
                ["project"] = project,
                ["stage"] = stage,
                ["service"] = service,
                ["status"] = KeptnStatus.Errored,
                ["result"] = KeptnResult.Fail,
                ["message"] = $"Unable to start sequence {sequenceName}: {problem}",
            };
            CopyLabels(evt.Data, data);
            result.Emitted.Add(NewEvent(KeptnEventType.SequenceType(stage, sequenceName, "finished"), evt.KeptnContext, evt.Id, now, data));
            return;
        }
        if (Book.Find(evt.Id) is not null)
        {
            return;
        }
        var version = evt.Data.GetPath("labels.version");
        var scope = SequenceExecution.ScopeKey(project, stage, service);
        if (RepeatOf(scope, sequenceName, version) is { } repeated)
        {
            // DESIGN decision 3: a repeated trigger for a version already queued or running starts nothing; it is
            // stored in that sequence's context, so its sender is answered with the delivery that runs.
            result.Inbound = evt with { KeptnContext = repeated.KeptnContext };
            return;
        }
        var execution = new SequenceExecution
        {
            Id = evt.Id,
            KeptnContext = evt.KeptnContext,
            Project = project,
            Stage = stage,
            Service = service,
            Sequence = sequenceName,
            Order = Book.NextOrder++,
            TriggeredAt = now,
            InputData = evt.Data.DeepCloneObject(),
            LatestEvent = new EventRef(evt.Type, evt.Id, now),
            TraceParent = chainedFrom is null ? evt.Extensions?.GetString("traceparent") : chainedFrom.TraceParent,
            ChainedFrom = chainedFrom?.Id,
        };
        Book.Add(execution);
        Touch(result, execution, now);
        Dispatch(result, scope, now);
    }

    /// <summary>Starts or resumes queued executions of one scope, first come first served.</summary>
    private void Dispatch(EngineResult result, string scope, DateTimeOffset now)
    {
        var executions = Book.InScope(scope).ToList();
        var queueBlocked = false;
        foreach (var execution in executions)
        {
            if (!execution.State.IsQueued())
            {
                continue;
            }
            var blocked = queueBlocked || executions.Any(o =>
                !ReferenceEquals(o, execution) && o.State.Blocks() && o.KeptnContext != execution.KeptnContext);
            if (blocked)
            {
                if (execution.State != SequenceState.Waiting)
                {
                    execution.State = SequenceState.Waiting;
                    Touch(result, execution, now);
                }
                queueBlocked = true;
                continue;
            }
            SendNextTask(result, execution, now);
        }
    }

    private SequenceSpec? SpecOf(SequenceExecution execution) =>
        catalog.GetShipyard(execution.Project)?.FindStage(execution.Stage)?.FindSequence(execution.Sequence);

    private KeptnEvent NewEvent(string type, string context, string? triggeredId, DateTimeOffset now, JsonObject data) =>
        new(newId(), _options.Source, type, context, triggeredId, now, data);

    private static void Touch(EngineResult result, SequenceExecution execution, DateTimeOffset now)
    {
        execution.UpdatedAt = now;
        result.Changed.Add(execution);
    }

    private static void CopyLabels(JsonObject from, JsonObject to)
    {
        if (from["labels"] is JsonObject labels)
        {
            to["labels"] = labels.DeepClone();
        }
    }
}
