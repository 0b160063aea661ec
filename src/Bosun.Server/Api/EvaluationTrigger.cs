using System.Text.Json.Nodes;
using Bosun.Core.Evaluation;
using Bosun.Core.Events;
using Bosun.Core.Shipyard;
using Bosun.Server.Engine;

namespace Bosun.Server.Api;

/// <summary>
/// The <c>&lt;stage&gt;.evaluation.triggered</c> event that starts a stage's implicit evaluation sequence
/// (spec/keptn.md §4.2) over a window: built alike by the API, the UI's trigger form and its "re-run evaluation".
/// </summary>
internal static class EvaluationTrigger
{
    public static KeptnEvent Build(string source, string project, string stage, string service, JsonObject labels,
        (DateTimeOffset Start, DateTimeOffset End) window, string? gitCommitId, DateTimeOffset now)
    {
        var data = new JsonObject
        {
            ["project"] = project,
            ["stage"] = stage,
            ["service"] = service,
            ["labels"] = labels,
            ["evaluation"] = new JsonObject
            {
                ["start"] = EvaluationTimeframe.Format(window.Start),
                ["end"] = EvaluationTimeframe.Format(window.End),
            },
        };
        return new KeptnEvent(EventIds.New(now), source, KeptnEventType.SequenceType(stage, StageSpec.EvaluationSequence, "triggered"), EventIds.New(now), null, now, data)
        {
            GitCommitId = gitCommitId,
        };
    }
}
