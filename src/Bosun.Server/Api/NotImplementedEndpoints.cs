namespace Bosun.Server.Api;

/// <summary>
/// Keptn paths that Keptn's clients call and Bosun does not serve: each answers 501 with Keptn's error body naming
/// the missing feature and what to use instead, rather than a bare 404 that reads as a wrong URL (docs/api.md).
/// </summary>
internal static class NotImplementedEndpoints
{
    public static IEndpointRouteBuilder MapNotImplementedEndpoints(this IEndpointRouteBuilder app)
    {
        app.Map("/api/statistics/v1/{**rest}", () => ApiError.Result(StatusCodes.Status501NotImplemented,
            "Keptn's statistics-service is not implemented: count events with GET /api/mongodb-datastore/event (its totalCount)"));
        app.MapPost("/api/v1/import", () => ApiError.Result(StatusCodes.Status501NotImplemented,
            "Keptn's import of zip packages is not implemented: create the project, services, resources and secrets through their APIs"));
        return app;
    }
}
