using System.Text.Json.Nodes;
using Bosun.Server.Hosting;

namespace Bosun.Server.Api;

/// <summary><c>/health</c> and <c>/metrics</c>: open without a token.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Json(new JsonObject { ["status"] = "OK" }));
        app.MapGet("/api/controlPlane/v1/health", () => TypedResults.Json(new JsonObject { ["status"] = "OK" }));
        app.MapGet("/metrics", (BosunMetrics metrics) => TypedResults.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"));
        return app;
    }
}
