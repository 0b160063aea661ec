using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bosun.Server.Hosting.Health;

/// <summary>The server-wide Prometheus (<c>--prometheus-url</c>) answers its own readiness (<c>/-/ready</c>); degraded when not, as only SLI queries need it.</summary>
internal sealed class PrometheusHealthCheck(IHttpClientFactory clients, PrometheusDefault prometheus) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (prometheus.Endpoint is not { } endpoint)
        {
            return HealthCheckResult.Healthy("not configured");
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StoreHealthCheck.Wait);
        try
        {
            using var response = await clients.CreateClient(PrometheusRegistration.Client).GetAsync(new Uri(endpoint.Url, "-/ready"), deadline.Token);
            return response.IsSuccessStatusCode ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded($"Prometheus answered {(int)response.StatusCode} to /-/ready");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded($"Prometheus does not answer: {e.Message}");
        }
    }
}
