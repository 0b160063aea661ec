using Bosun.Server.Api;
using Bosun.Server.Engine;
using Bosun.Server.Ui.Components;
using Bosun.Server.Workers;
using Bosun.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bosun.Server.Ui;

/// <summary>The sequence list, a sequence's page, its control form and its events' downloads (DESIGN §6).</summary>
internal static class SequencePages
{
    public static IEndpointRouteBuilder MapSequencePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projects/{project}/sequences", ListAsync);
        app.MapGet("/projects/{project}/sequences/{keptnContext}", PageAsync);
        app.MapPost("/projects/{project}/sequences/{keptnContext}/control", ControlAsync).DisableAntiforgery();
        app.MapGet("/projects/{project}/sequences/{keptnContext}/events/{id}", DownloadAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(string project, HttpContext context, UiSession session, IStore store, ProjectCatalog catalog)
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
        var (filter, error) = SequenceListFilter.Parse(context.Request.Query);
        if (filter is null)
        {
            return UiPages.Message("Bad filter", error!, token, StatusCodes.Status400BadRequest);
        }
        return new RazorComponentResult<SequencesPage>(new { View = await SequenceListView.BuildAsync(store, project, shipyard, filter), FormToken = token });
    }

    private static async Task<IResult> PageAsync(string project, string keptnContext, HttpContext context, UiSession session, IStore store)
    {
        if (UiPages.SessionOf(context, session) is not { } id)
        {
            return UiPages.ToLogin(context);
        }
        var token = session.FormToken(id);
        return await SequencePageData.BuildAsync(store, project, keptnContext) is { } view
            ? new RazorComponentResult<SequencePage>(new { View = view, FormToken = token })
            : UiPages.Message("No such sequence", $"The project '{project}' has no sequence with keptnContext {keptnContext}.", token, StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ControlAsync(string project, string keptnContext, HttpContext context, UiSession session, EventPipeline pipeline, IStore store, ProjectCatalog catalog)
    {
        if (await UiPages.FormCheck(context, session) is { } refused)
        {
            return refused;
        }
        var form = await context.Request.ReadFormAsync();
        if (SequenceControl.Parse(form["state"].FirstOrDefault()) is not { } state)
        {
            return ApiError.BadRequest(SequenceControl.StateMustBe);
        }
        var outcome = await SequenceControl.SendAsync(Access.Audits.Who(context), pipeline, store, catalog, project, keptnContext, state, null);
        return outcome.Done
            ? TypedResults.Redirect($"/projects/{Uri.EscapeDataString(project)}/sequences/{Uri.EscapeDataString(keptnContext)}")
            : UiPages.Message("Not done", outcome.Message!, session.FormToken(UiPages.SessionOf(context, session)!), outcome.Code);
    }

    /// <summary>One event of the context as its stored JSON, to save as a file.</summary>
    private static async Task<IResult> DownloadAsync(string project, string keptnContext, string id, HttpContext context, UiSession session, IStore store)
    {
        if (UiPages.SessionOf(context, session) is not { } sessionId)
        {
            return UiPages.ToLogin(context);
        }
        var json = (await store.QueryEventsJsonAsync(new EventQuery { KeptnContext = keptnContext, Project = project, EventId = id, PageSize = 1, CountTotal = false })).Items.FirstOrDefault();
        if (json is null)
        {
            return UiPages.Message("No such event", $"The sequence {keptnContext} of project '{project}' has no event {id}.", session.FormToken(sessionId), StatusCodes.Status404NotFound);
        }
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{new string([.. id.Where(char.IsAsciiLetterOrDigit)])}.json\"";
        return TypedResults.Text(json, "application/json");
    }
}
