using Bosun.Core.Evaluation;
using Bosun.Core.Events;
using Bosun.Server.Access;
using Bosun.Server.Api;
using Bosun.Server.Engine;
using Bosun.Server.Ui.Components;
using Bosun.Server.Workers;
using Bosun.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bosun.Server.Ui;

/// <summary>
/// <c>/projects/{p}/trigger</c>: a form that starts a delivery, an evaluation or any shipyard sequence, and lands on
/// the new sequence's page.
/// </summary>
internal static class TriggerPages
{
    public static IEndpointRouteBuilder MapTriggerPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projects/{project}/trigger", PageAsync).RequireRight(Right.Operate);
        app.MapPost("/projects/{project}/trigger", TriggerAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> PageAsync(string project, HttpContext context, UiSession session, IStore store, ProjectCatalog catalog, string? service, string? sequence)
    {
        if (UiPages.SessionOf(context, session) is not { } id)
        {
            return UiPages.ToLogin(context);
        }
        var token = session.FormToken(id);
        if (catalog.GetShipyard(project) is not { } shipyard)
        {
            return UiPages.NoSuchProject(project, token);
        }
        var services = (await store.ListServicesAsync(project)).Select(s => s.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new RazorComponentResult<TriggerPage>(new
        {
            Project = project,
            Choices = TriggerForm.Choices(shipyard),
            Services = services,
            Service = service ?? "",
            Sequence = sequence ?? "",
            FormToken = token,
        });
    }

    private static async Task<IResult> TriggerAsync(string project, HttpContext context, UiSession session, ProjectCatalog catalog, EventIngest ingest, TimeProvider time)
    {
        if (await UiPages.FormCheck(context, session) is { } refused)
        {
            return refused;
        }
        if (catalog.GetShipyard(project) is not { } shipyard)
        {
            return ApiError.NotFound($"project not found: {project}");
        }
        var (form, error) = TriggerForm.Parse(await context.Request.ReadFormAsync(), shipyard, catalog, project);
        if (form is null)
        {
            return ApiError.BadRequest(error!);
        }
        KeptnEvent evt;
        try
        {
            evt = form.ToEvent(project, time.GetUtcNow());
        }
        catch (SloException e)
        {
            return ApiError.BadRequest(e.Message);
        }
        var outcome = await ingest.SubmitAsync(evt, fromClient: true, audit: Access.Audits.OfEvent(context, evt.Time, evt));
        return outcome.KeptnContext is null
            ? ApiError.Result(outcome.ErrorCode, outcome.ErrorMessage!)
            : TypedResults.Redirect($"/projects/{Uri.EscapeDataString(project)}/sequences/{Uri.EscapeDataString(outcome.KeptnContext)}");
    }
}
