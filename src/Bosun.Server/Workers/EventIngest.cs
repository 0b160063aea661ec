using Bosun.Core.Events;
using Bosun.Server.Api;

namespace Bosun.Server.Workers;

/// <summary>
/// The one way an event enters Bosun, for API clients and built-in integrations alike: dedupe on
/// <c>source</c>+<c>id</c> (answering the stored context), then the engine, then one commit.
/// </summary>
internal sealed class EventIngest(EventPipeline pipeline)
{
    public Task<IngestOutcome> SubmitAsync(KeptnEvent evt) => pipeline.Submit(ctx =>
    {
        if (ctx.Batch.FindContext(evt.Source, evt.Id) is { } known)
        {
            return new IngestOutcome(known, Duplicate: true);
        }
        var result = ctx.Engine.Ingest(evt, ctx.Now);
        if (result.Rejected is { } rejected)
        {
            return new IngestOutcome(null, rejected.Code, rejected.Message);
        }
        ctx.Apply(result);
        return new IngestOutcome(result.Inbound!.KeptnContext);
    });
}
