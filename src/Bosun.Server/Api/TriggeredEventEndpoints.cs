using Bosun.Core.Events;
using Bosun.Server.Engine;
using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>The pull API of outside executors: open task <c>.triggered</c> events of one type (spec §4.2).</summary>
internal static class TriggeredEventEndpoints
{
    public static IEndpointRouteBuilder MapTriggeredEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/controlPlane/v1/event/triggered/{eventType}", GetOpen);
        return app;
    }

    private static async Task<IResult> GetOpen(string eventType, HttpRequest request, IStore store, ProjectCatalog catalog)
    {
        var type = KeptnEventType.Parse(eventType);
        if (!type.IsTask || type.Kind != EventKind.Triggered)
        {
            return ApiError.BadRequest($"eventType '{eventType}' must be a task .triggered type such as sh.keptn.event.deployment.triggered");
        }
        if (!Paging.TryParse(request, 20, 100, out var paging, out var error))
        {
            return error!;
        }
        var project = request.Query["project"].FirstOrDefault();
        if (!string.IsNullOrEmpty(project) && catalog.GetShipyard(project) is null)
        {
            return ApiError.NotFound($"project '{project}' does not exist");
        }
        var page = await store.QueryOpenTasksJsonAsync(new OpenTaskQuery(eventType, project, request.Query["stage"].FirstOrDefault(),
            request.Query["service"].FirstOrDefault(), request.Query["eventID"].FirstOrDefault(), paging.Offset, paging.PageSize));
        return EventPages.Json(page);
    }
}
