using Bosun.Core.Sequences;
using Bosun.Server.Engine;
using Bosun.Server.Workers;
using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>
/// Pauses, resumes or aborts a context's sequences (spec §3.9), for the API and the web UI alike. A context whose
/// sequences all ended has nothing to control and is answered as done, as Keptn does; an unknown project, context or
/// stage is refused with the HTTP code and message of <see cref="Outcome"/>.
/// </summary>
internal static class SequenceControl
{
    public sealed record Outcome(int Code = StatusCodes.Status200OK, string? Message = null)
    {
        public bool Done => Code == StatusCodes.Status200OK;
    }

    /// <summary>What a control request whose state <see cref="Parse"/> refused is told.</summary>
    public const string StateMustBe = "state must be pause, resume or abort";

    public static ControlState? Parse(string? state) => state switch
    {
        "pause" => ControlState.Pause,
        "resume" => ControlState.Resume,
        "abort" => ControlState.Abort,
        _ => null,
    };

    /// <param name="who">The caller's token name, for the audit entry that commits with the change.</param>
    public static async Task<Outcome> SendAsync(string who, EventPipeline pipeline, IStore store, ProjectCatalog catalog, string project, string keptnContext, ControlState state, string? stage)
    {
        if (catalog.GetShipyard(project) is null)
        {
            return new Outcome(StatusCodes.Status404NotFound, $"project '{project}' does not exist");
        }
        if (!await store.ContextExistsAsync(project, keptnContext))
        {
            return new Outcome(StatusCodes.Status404NotFound, $"no sequence with keptnContext {keptnContext} exists in project {project}");
        }
        var rejected = await pipeline.Submit(ctx =>
        {
            ctx.LockContext(project, keptnContext);
            var result = ctx.Engine.Control(project, keptnContext, state, stage, ctx.Now);
            if (result.Rejected is null)
            {
                ctx.Apply(result);
                ctx.Audit(who, $"sequence.{state.ToString().ToLowerInvariant()}", Access.Audits.SequencePath(project, keptnContext) + (string.IsNullOrEmpty(stage) ? "" : $"/stages/{stage}"), project);
            }
            return result.Rejected;
        });
        return rejected is not null && !string.IsNullOrEmpty(stage) && !await StageKnownAsync(store, project, keptnContext, stage)
            ? new Outcome(StatusCodes.Status404NotFound, $"no sequence of keptnContext {keptnContext} ran in stage {stage}")
            : new Outcome();
    }

    private static async Task<bool> StageKnownAsync(IStore store, string project, string keptnContext, string stage) =>
        (await store.QueryContextsAsync(new ContextQuery(project) { Contexts = [keptnContext], PageSize = 1 })).Items.Any(c => c.Sequences.Any(s => s.Stage == stage));
}
