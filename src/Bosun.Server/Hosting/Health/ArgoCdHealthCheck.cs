using Bosun.Integrations.ArgoCd;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bosun.Server.Hosting.Health;

/// <summary>
/// Argo CD as the application watch sees it (no call of its own): degraded while the watch does not follow Argo CD,
/// since deliveries then wait and new revisions are not seen, though the rest of Bosun works.
/// </summary>
internal sealed class ArgoCdHealthCheck(ArgoCdWatch watch) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(watch.Problem is { } problem ? HealthCheckResult.Degraded($"the Argo CD watch does not follow Argo CD: {problem}") : HealthCheckResult.Healthy());
}
