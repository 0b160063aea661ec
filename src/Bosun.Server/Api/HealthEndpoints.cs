using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bosun.Server.Api;

/// <summary>
/// <c>/health</c> (liveness: the process answers, checking nothing), <c>/ready</c> (readiness: the store answers, its
/// migrations ran before the server started listening; each dependency reported by name) and <c>/metrics</c>: open
/// without a token (DESIGN §5).
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Json(new JsonObject { ["status"] = "OK" }));
        app.MapGet("/api/controlPlane/v1/health", () => TypedResults.Json(new JsonObject { ["status"] = "OK" }));
        app.MapGet("/ready", ReadyAsync);
        // DESIGN §7: OpenTelemetry's Prometheus exporter writes Bosun's instruments and the runtime's in the text format.
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>
    /// Every readiness check by name (store, and Argo CD and Prometheus when configured): 200 unless the store fails,
    /// since Bosun still takes events without the others (they say "degraded" with why); 503 naming the store's problem.
    /// </summary>
    private static async Task<IResult> ReadyAsync(HealthCheckService checks, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(cancellationToken);
        var entries = new JsonObject();
        foreach (var (name, entry) in report.Entries)
        {
            var item = new JsonObject { ["status"] = entry.Status switch { HealthStatus.Healthy => "ok", HealthStatus.Degraded => "degraded", _ => "failing" } };
            if (entry.Status != HealthStatus.Healthy && entry.Description is { } why)
            {
                item["message"] = why;
            }
            entries[name] = item;
        }
        if (report.Entries.TryGetValue("store", out var store) && store.Status == HealthStatus.Unhealthy)
        {
            logs.CreateLogger("Bosun.Ready").LogWarning("Not ready: {Reason}", store.Description);
            return ApiError.Result(StatusCodes.Status503ServiceUnavailable, store.Description ?? "the store does not answer");
        }
        return TypedResults.Json(new JsonObject
        {
            ["status"] = report.Status == HealthStatus.Healthy ? "ready" : "degraded",
            ["store"] = "ok",
            ["checks"] = entries,
        });
    }
}
