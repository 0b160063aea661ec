using Bosun.Core.Dora;
using Bosun.Server.Dora;
using Bosun.Server.Engine;
using Bosun.Server.Ui.Components;
using Bosun.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bosun.Server.Ui;

/// <summary>
/// <c>/projects/{p}/dora?stage=&amp;service=</c>: the four DORA figures of a stage (default: the last) over the last 30
/// days and their weekly trend over the last 8 weeks, from one read of the stage's runs.
/// </summary>
internal static class DoraPages
{
    public const int Weeks = 8;

    public static IEndpointRouteBuilder MapDoraPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projects/{project}/dora", PageAsync);
        return app;
    }

    private static async Task<IResult> PageAsync(string project, string? stage, string? service, HttpContext context, UiSession session, IStore store, ProjectCatalog catalog, TimeProvider time)
    {
        if (UiPages.SessionOf(context, session) is not { } id)
        {
            return UiPages.ToLogin(context);
        }
        var token = session.FormToken(id);
        if (catalog.GetShipyard(project) is not { Stages.Count: > 0 } shipyard)
        {
            return UiPages.NoSuchProject(project, token);
        }
        var stages = shipyard.Stages.Select(s => s.Name).ToList();
        var stageName = string.IsNullOrWhiteSpace(stage) ? stages[^1] : stage.Trim();
        if (!stages.Contains(stageName, StringComparer.Ordinal))
        {
            return UiPages.Message("Bad stage", $"stage '{stageName}' is not a stage of the project ({string.Join(", ", stages)})", token, StatusCodes.Status400BadRequest);
        }
        var services = (await store.ListServicesAsync(project)).Select(s => s.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var only = string.IsNullOrWhiteSpace(service) ? null : service.Trim();
        if (only is not null && !services.Contains(only, StringComparer.Ordinal))
        {
            return UiPages.Message("No such service", $"The project '{project}' has no service '{only}'.", token, StatusCodes.Status404NotFound);
        }
        var now = time.GetUtcNow();
        var start = now.AddDays(-7 * Weeks);
        var runs = await DoraReader.ReadAsync(store, project, stageName, only, stages[0], start, context.RequestAborted);
        var weeks = Enumerable.Range(0, Weeks).Select(w => now.AddDays(-7 * (Weeks - w)))
            .Select(from => new DoraWeek(from, from.AddDays(7), DoraCalculator.Compute(runs, from, from.AddDays(7)))).ToList();
        var month = new DoraWeek(now.AddDays(-30), now, DoraCalculator.Compute(runs, now.AddDays(-30), now));
        return new RazorComponentResult<DoraPage>(new { View = new DoraView(project, stageName, stages, only ?? "", services, month, weeks), FormToken = token });
    }
}
