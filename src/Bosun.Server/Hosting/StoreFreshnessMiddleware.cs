using Bosun.Server.Engine;

namespace Bosun.Server.Hosting;

/// <summary>
/// On a shared store, brings the copies a request may read up to the store's versions first (<see cref="StoreFreshness"/>):
/// one small read per request, so a replica never answers from a copy another replica's write made stale. The probes
/// skip it (/ready asks the store itself), and so do endpoints marked <see cref="StoreFreshness.NotNeeded"/>.
/// </summary>
internal sealed class StoreFreshnessMiddleware(RequestDelegate next, StoreFreshness freshness)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!ProbePaths.Matches(context.Request.Path) && context.GetEndpoint()?.Metadata.Contains(StoreFreshness.NotNeeded) != true)
        {
            await freshness.EnsureCurrentAsync(context.RequestAborted);
        }
        await next(context);
    }
}
