using System.Text.Json.Nodes;
using Bosun.Server.Access;
using Bosun.Server.Engine;
using Bosun.Server.Hosting;
using Bosun.Server.Workers;

namespace Bosun.Server.Api;

/// <summary>Keptn's api-service: <c>/api/v1/event</c>, <c>/auth</c>, <c>/metadata</c>.</summary>
internal static class EventEndpoints
{
    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");
        // The writer checks the store's versions inside its own transaction; this call reads no copy of its own.
        // The event's project is in its body: the endpoint checks a project-limited token against it.
        api.MapPost("/event", PostEvent).WithMetadata(StoreFreshness.NotNeeded).ChecksProject(Right.Operate);
        // keptn auth checks a token with these two: every token may.
        api.MapPost("/auth", () => TypedResults.Json(new JsonObject())).ChecksProject(Right.Read);
        api.MapGet("/metadata", Metadata).ChecksProject(Right.Read);
        return app;
    }

    private static async Task<IResult> PostEvent(HttpRequest request, EventIngest ingest, BosunOptions options, TimeProvider time)
    {
        var (evt, error) = await InboundEvent.ReadAsync(request, options.MaxEventSizeKb * 1024, time.GetUtcNow());
        if (error is not null)
        {
            return error;
        }
        if (Caller.Of(request.HttpContext) is { } caller && !caller.MayUse(evt!.Project))
        {
            return ApiError.Result(StatusCodes.Status403Forbidden, caller.NotIn(string.IsNullOrEmpty(evt.Project) ? null : evt.Project));
        }
        var outcome = await ingest.SubmitAsync(evt!, fromClient: true, audit: Audits.OfEvent(request.HttpContext, time.GetUtcNow(), evt!));
        return outcome.KeptnContext is null
            ? ApiError.Result(outcome.ErrorCode, outcome.ErrorMessage!)
            : TypedResults.Json(new JsonObject { ["keptnContext"] = outcome.KeptnContext });
    }

    /// <summary>
    /// Keptn's <c>metadata</c> (api/swagger.yaml), with what the keptn CLI prints: <c>automaticprovisioning</c> is
    /// false (Bosun keeps no upstream git), <c>continuousdelivery</c> (Keptn 0.x's flag for the delivery use case) true.
    /// The namespace is the pod's (<c>POD_NAMESPACE</c>, as Keptn's api-service reads it), else "bosun".
    /// </summary>
    private static IResult Metadata() => TypedResults.Ok(new KeptnMetadata(
        Namespace: Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } ns ? ns : "bosun",
        Keptnlabel: "keptn",
        Keptnversion: BosunVersion.KeptnCompatible,
        Bosunversion: BosunVersion.Current,
        Shipyardversion: "spec.keptn.sh/0.2.4",
        Bridgeversion: BosunVersion.Current, // the web UI, the Bridge's successor, is part of the server (DESIGN §6)
        Keptnservices: new Dictionary<string, string>(),
        Continuousdelivery: true,
        Automaticprovisioning: false));
}
