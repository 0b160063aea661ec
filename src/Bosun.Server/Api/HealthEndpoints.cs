using System.Text.Json.Nodes;
using Bosun.Server.Hosting;
using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>
/// <c>/health</c> (liveness: the process answers), <c>/ready</c> (readiness: the store answers; its migrations ran before
/// the server started listening) and <c>/metrics</c>: open without a token (DESIGN §5).
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Json(new JsonObject { ["status"] = "OK" }));
        app.MapGet("/api/controlPlane/v1/health", () => TypedResults.Json(new JsonObject { ["status"] = "OK" }));
        app.MapGet("/ready", ReadyAsync);
        app.MapGet("/metrics", (BosunMetrics metrics) => TypedResults.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"));
        return app;
    }

    private static readonly TimeSpan ReadyWait = TimeSpan.FromSeconds(2);

    private static async Task<IResult> ReadyAsync(IStore store, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ReadyWait);
        try
        {
            await store.PingAsync(deadline.Token);
            return TypedResults.Json(new JsonObject { ["status"] = "ready", ["store"] = "ok" });
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logs.CreateLogger("Bosun.Ready").LogWarning("Not ready: the store does not answer: {Reason}", e.Message);
            return ApiError.Result(StatusCodes.Status503ServiceUnavailable, e is OperationCanceledException
                ? $"the store did not answer within {ReadyWait.TotalSeconds:0} s"
                : $"the store does not answer: {e.Message}");
        }
    }
}
