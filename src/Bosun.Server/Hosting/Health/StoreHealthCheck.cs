using Bosun.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bosun.Server.Hosting.Health;

/// <summary>Readiness of the store: it answers a ping within <see cref="Wait"/> (DESIGN §5); without it nothing works.</summary>
internal sealed class StoreHealthCheck(IStore store) : IHealthCheck
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Wait);
        try
        {
            await store.PingAsync(deadline.Token);
            return HealthCheckResult.Healthy();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the store did not answer within {Wait.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the store does not answer: {e.Message}");
        }
    }
}
