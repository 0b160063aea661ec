using Bosun.Storage;

namespace Bosun.Server.Ui;

/// <summary>
/// Keptn Bridge deep links (DESIGN §6), as notifications, tickets and the Argo CD templates of the Keptn integration
/// wrote them (the Bridge's routes: <c>project/:p/sequence/:ctx[/stage/:s|/event/:id]</c>, <c>trace/:ctx[/:selector]</c>,
/// <c>evaluation/:ctx[/:selector]</c>), redirected to the matching page. Signed-out visitors sign in first and land there.
/// </summary>
internal static class BridgeLinks
{
    public static IEndpointRouteBuilder MapBridgeLinks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/bridge", () => TypedResults.Redirect("/"));
        app.MapGet("/bridge/project/{project}", (string project) => TypedResults.Redirect(Project(project)));
        app.MapGet("/bridge/project/{project}/sequence/{keptnContext}/{**rest}", (string project, string keptnContext) => TypedResults.Redirect(Sequence(project, keptnContext)));
        app.MapGet("/bridge/trace/{keptnContext}/{**rest}", TraceAsync);
        app.MapGet("/bridge/evaluation/{keptnContext}/{**rest}", EvaluationAsync);
        return app;
    }

    private static string Project(string project) => $"/projects/{Uri.EscapeDataString(project)}";

    private static string Sequence(string project, string keptnContext) => $"{Project(project)}/sequences/{Uri.EscapeDataString(keptnContext)}";

    private static async Task<IResult> TraceAsync(string keptnContext, HttpContext context, UiSession session, IStore store)
    {
        if (UiPages.SessionOf(context, session) is not { } id)
        {
            return UiPages.ToLogin(context);
        }
        var first = (await store.QueryEventsAsync(new EventQuery { KeptnContext = keptnContext, PageSize = 1, CountTotal = false })).Items.FirstOrDefault();
        return first?.Project is { } project
            ? TypedResults.Redirect(Sequence(project, keptnContext))
            : UiPages.Message("No such sequence", $"No project has a sequence with keptnContext {keptnContext}.", session.FormToken(id), StatusCodes.Status404NotFound);
    }

    /// <summary>The context's newest evaluation, explained on its service's heatmap in its stage.</summary>
    private static async Task<IResult> EvaluationAsync(string keptnContext, HttpContext context, UiSession session, IStore store)
    {
        if (UiPages.SessionOf(context, session) is not { } id)
        {
            return UiPages.ToLogin(context);
        }
        var finished = (await store.QueryEventsAsync(new EventQuery { KeptnContext = keptnContext, Type = EvaluationsPageData.Finished, PageSize = 1, CountTotal = false })).Items.FirstOrDefault();
        if (finished is { Project: { } project, Stage: { } stage, Service: { } service })
        {
            return TypedResults.Redirect(new EvaluationFilter { Stage = stage, Explain = finished.Id }.Link(project, service) + "#explain");
        }
        return UiPages.Message("No such evaluation", $"The sequence {keptnContext} has no finished evaluation.", session.FormToken(id), StatusCodes.Status404NotFound);
    }
}
