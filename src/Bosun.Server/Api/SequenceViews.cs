using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>Keptn's sequence-state view (spec §3.9): one entry per context, one stage entry per execution.</summary>
internal static class SequenceViews
{
    public static JsonObject State(ContextRecord context)
    {
        var stages = new JsonArray();
        foreach (var execution in context.Sequences)
        {
            var stage = new JsonObject
            {
                ["name"] = execution.Stage,
                ["state"] = execution.State.ToWire(),
                ["sequence"] = execution.Sequence,
            };
            if ((execution.InputData.GetPath("labels.image") ?? execution.InputData.GetPath("configurationChange.values.image")) is { } image)
            {
                stage["image"] = image;
            }
            if (execution.Completed.LastOrDefault(t => t.Name == "evaluation") is { } evaluation)
            {
                stage["latestEvaluation"] = new JsonObject
                {
                    ["result"] = evaluation.Result,
                    ["score"] = evaluation.Properties["evaluation"]?["score"]?.DeepClone(),
                };
            }
            if (execution.LatestEvent is { } latest)
            {
                stage["latestEvent"] = Ref(latest);
            }
            if (execution.LatestFailedEvent is { } failed)
            {
                stage["latestFailedEvent"] = Ref(failed);
            }
            stages.Add(stage);
        }
        var view = new JsonObject
        {
            ["name"] = context.Name,
            ["service"] = context.Service,
            ["project"] = context.Project,
            ["time"] = KeptnEventJson.FormatTime(context.Time),
            ["shkeptncontext"] = context.KeptnContext,
            ["state"] = Overall(context.Sequences),
            ["stages"] = stages,
        };
        if (context.Sequences.FirstOrDefault()?.InputData["problem"]?["problemTitle"] is JsonValue title)
        {
            view["problemTitle"] = title.DeepClone();
        }
        return view;
    }

    /// <summary>The context's state: the most pressing active state, else how the last execution ended.</summary>
    public static string Overall(IReadOnlyList<SequenceExecution> executions)
    {
        SequenceState[] priority = [SequenceState.Started, SequenceState.WaitingForApproval, SequenceState.Paused, SequenceState.Waiting, SequenceState.Triggered];
        foreach (var state in priority)
        {
            if (executions.Any(e => e.State == state))
            {
                return state.ToWire();
            }
        }
        if (executions.Any(e => e.State == SequenceState.TimedOut))
        {
            return SequenceState.TimedOut.ToWire();
        }
        return (executions.LastOrDefault()?.State ?? SequenceState.Finished).ToWire();
    }

    private static JsonObject Ref(EventRef e) => new()
    {
        ["type"] = e.Type,
        ["id"] = e.Id,
        ["time"] = KeptnEventJson.FormatTime(e.Time),
    };
}
