using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Bosun.Server.Api;
using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// The one way an event enters Bosun, for API clients and built-in integrations alike: dedupe on
/// <c>source</c>+<c>id</c> (answering the stored context), then the engine, then one commit.
/// </summary>
internal sealed class EventIngest(EventPipeline pipeline)
{
    public const string MonitoringConfigure = "sh.keptn.event.monitoring.configure";
    public const string SliProviderSetting = "sli-provider";

    /// <summary>
    /// An answer (<c>.started</c>/<c>.finished</c>) to a task that a built-in integration started outside any
    /// sequence — <c>get-sli</c> for the lighthouse, as Keptn's SLI providers answer it — is stored as it is, in the
    /// context of its <c>.triggered</c>: the engine owns only shipyard tasks, and Keptn's store keeps such events too.
    /// </summary>
    private static KeptnEvent? SideTaskAnswer(WriteContext ctx, KeptnEvent evt)
    {
        var type = KeptnEventType.Parse(evt.Type);
        if (!type.IsTask || type.Kind is not (EventKind.Started or EventKind.Finished) || string.IsNullOrEmpty(evt.TriggeredId))
        {
            return null;
        }
        var context = ctx.Batch.FindSideTask(evt.TriggeredId, KeptnEventType.TaskType(type.Name, "triggered"), EngineOptions.DefaultSource);
        return context is null || (!string.IsNullOrEmpty(evt.KeptnContext) && evt.KeptnContext != context) ? null : evt with { KeptnContext = context };
    }

    /// <param name="closeSideTask">A side task to close in the same commit (one that nobody answered in time).</param>
    /// <param name="endsWork">A built-in integration's work row this answer ends, in the same commit.</param>
    /// <param name="fromClient">An API client's event, which a full writer queue refuses (DESIGN §8).</param>
    /// <param name="audit">Who sent it, recorded in the same commit when the event is taken (not when refused or a duplicate).</param>
    public Task<IngestOutcome> SubmitAsync(KeptnEvent evt, string? closeSideTask = null, WorkEnd? endsWork = null, bool fromClient = false, AuditRecord? audit = null) => pipeline.Submit(ctx =>
    {
        var outcome = Ingest(ctx, evt, closeSideTask, endsWork);
        if (audit is not null && outcome.KeptnContext is not null && !outcome.Duplicate)
        {
            ctx.Batch.AddAudit(audit with { Time = ctx.Now });
        }
        return outcome;
    }, ScopeOf(evt), (evt.Source, evt.Id), fromClient);

    /// <summary>
    /// Events of one built-in integration taken in order in one commit (the lighthouse's <c>.started</c> with the
    /// <c>get-sli.triggered</c> it sends), so none waits for a commit of its own.
    /// </summary>
    public Task<IReadOnlyList<IngestOutcome>> SubmitTogetherAsync(IReadOnlyList<KeptnEvent> events) => pipeline.Submit<IReadOnlyList<IngestOutcome>>(
        ctx => [.. events.Select(evt => Ingest(ctx, evt, null, null))],
        [.. events.SelectMany(evt => ScopeOf(evt) ?? []).Distinct()], (events[0].Source, events[0].Id));

    private static IngestOutcome Ingest(WriteContext ctx, KeptnEvent evt, string? closeSideTask, WorkEnd? endsWork)
    {
        ctx.LockFor(evt);
        if (closeSideTask is not null)
        {
            ctx.Batch.CloseTask(closeSideTask);
        }
        if (endsWork is not null)
        {
            ctx.Batch.CompleteWork(endsWork.Id, endsWork.Owner, endsWork.Epoch);
        }
        if (ctx.Batch.FindContext(evt.Source, evt.Id) is { } known)
        {
            return new IngestOutcome(known, Duplicate: true);
        }
        var result = ctx.Engine.Ingest(evt, ctx.Now);
        if (result.Rejected is { } rejected)
        {
            if (SideTaskAnswer(ctx, evt) is { } answer)
            {
                ctx.Apply(new EngineResult { Inbound = answer });
                if (KeptnEventType.Parse(answer.Type).Kind == EventKind.Finished)
                {
                    ctx.Batch.CloseTask(answer.TriggeredId!);
                }
                return new IngestOutcome(answer.KeptnContext);
            }
            return new IngestOutcome(null, rejected.Code, rejected.Message);
        }
        var type = KeptnEventType.Parse(evt.Type);
        if (type.IsTask && type.Kind == EventKind.Triggered && result.Emitted.Count == 0)
        {
            // A task an integration starts outside any sequence is open, for everyone to see and answer, until finished.
            ctx.Batch.OpenTask(evt, ctx.Store(evt));
            return new IngestOutcome(evt.KeptnContext);
        }
        if (evt.Type == MonitoringConfigure && evt.Data.GetString("type") is { Length: > 0 } provider && ctx.Catalog.GetShipyard(evt.Project ?? string.Empty) is not null)
        {
            // Keptn's lighthouse kept the project's SLI provider in a ConfigMap; here it commits with the event.
            ctx.Batch.SetProjectSetting(evt.Project!, SliProviderSetting, provider);
        }
        ctx.Apply(result);
        return new IngestOutcome(result.Inbound!.KeptnContext);
    }

    private static ScopeKey[]? ScopeOf(KeptnEvent evt) =>
        string.IsNullOrEmpty(evt.Project) || string.IsNullOrEmpty(evt.Service) ? null : [new ScopeKey(evt.Project, evt.Service)];
}
