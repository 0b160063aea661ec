using System.Text.Json.Nodes;
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
        api.MapPost("/event", PostEvent).WithMetadata(StoreFreshness.NotNeeded);
        api.MapPost("/auth", () => TypedResults.Json(new JsonObject()));
        api.MapGet("/metadata", Metadata);
        return app;
    }

    private static async Task<IResult> PostEvent(HttpRequest request, EventIngest ingest, BosunOptions options, TimeProvider time)
    {
        var (evt, error) = await InboundEvent.ReadAsync(request, options.MaxEventSizeKb * 1024, time.GetUtcNow());
        if (error is not null)
        {
            return error;
        }
        var outcome = await ingest.SubmitAsync(evt!);
        return outcome.KeptnContext is null
            ? ApiError.Result(outcome.ErrorCode, outcome.ErrorMessage!)
            : TypedResults.Json(new JsonObject { ["keptnContext"] = outcome.KeptnContext });
    }

    private static IResult Metadata() => TypedResults.Json(new JsonObject
    {
        ["namespace"] = "bosun",
        ["keptnlabel"] = "keptn",
        ["keptnversion"] = BosunVersion.KeptnCompatible,
        ["bosunversion"] = BosunVersion.Current,
        ["shipyardversion"] = "spec.keptn.sh/0.2.4",
        ["bridgeversion"] = string.Empty,
        ["keptnservices"] = new JsonObject(),
        ["automaticprovisioning"] = false,
    });
}
