using Bosun.Integrations.Prometheus;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bosun.Server.Hosting.Health;

/// <summary>The checks <c>/ready</c> reports by name: the store always, Argo CD and Prometheus when configured.</summary>
internal static class ReadinessRegistration
{
    public static IServiceCollection AddReadiness(this IServiceCollection services, BosunOptions options, PrometheusEndpoint? prometheus)
    {
        var checks = services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        if (!string.IsNullOrEmpty(options.ArgoCdUrl))
        {
            checks.AddCheck<ArgoCdHealthCheck>("argocd", HealthStatus.Degraded);
        }
        if (prometheus is not null)
        {
            checks.AddCheck<PrometheusHealthCheck>("prometheus", HealthStatus.Degraded);
        }
        return services;
    }
}
