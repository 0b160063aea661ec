using Bosun.Core.Events;
using Bosun.Server.Api;
using Bosun.Server.Engine;
using Bosun.Storage;

namespace Bosun.Server.Dora;

/// <summary>
/// <c>GET /api/bosun/v1/dora?project=P[&amp;stage=S][&amp;service=X][&amp;from=…][&amp;to=…]</c> (DESIGN §7): the four
/// figures of a stage (default: the shipyard's last, production) over a range (default: the 30 days up to now).
/// </summary>
internal static class DoraEndpoints
{
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(30);

    public static IEndpointRouteBuilder MapDoraEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/bosun/v1/dora", GetAsync);
        return app;
    }

    private static async Task<IResult> GetAsync(string? project, string? stage, string? service, string? from, string? to,
        IStore store, ProjectCatalog catalog, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(project))
        {
            return ApiError.BadRequest("project: the query parameter project is required");
        }
        if (catalog.GetShipyard(project) is not { Stages.Count: > 0 } shipyard)
        {
            return ApiError.NotFound($"project: project '{project}' does not exist");
        }
        var stageName = string.IsNullOrEmpty(stage) ? shipyard.Stages[^1].Name : stage;
        if (shipyard.FindStage(stageName) is null)
        {
            return ApiError.BadRequest($"stage: '{stageName}' is not a stage of project {project} ({string.Join(", ", shipyard.Stages.Select(s => s.Name))})");
        }
        if (!TimeParam.TryParseFromTo(from, to, out var fromTime, out var toTime, out var timeError))
        {
            return timeError!;
        }
        var end = toTime ?? time.GetUtcNow();
        var start = fromTime ?? end - DefaultRange;
        if (start > end)
        {
            return ApiError.BadRequest("from: the range's start is after its end (to)");
        }
        var only = string.IsNullOrEmpty(service) ? null : service;
        var figures = await DoraReader.FiguresAsync(store, project, stageName, only, shipyard.Stages[0].Name, start, end, cancellationToken);
        return TypedResults.Ok(new DoraAnswer(project, stageName, only, KeptnEventJson.FormatTime(start), KeptnEventJson.FormatTime(end),
            figures.DeploymentFrequency, figures.LeadTimeForChanges, figures.ChangeFailureRate, figures.FailedDeploymentRecoveryTime));
    }
}
