using Bosun.Server.Engine;
using Bosun.Server.Ui.Components;
using Bosun.Server.Workers;
using Bosun.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bosun.Server.Ui;

/// <summary>A project's integrations page (DESIGN §6).</summary>
internal static class IntegrationPages
{
    public static IEndpointRouteBuilder MapIntegrationPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projects/{project}/integrations", PageAsync);
        return app;
    }

    private static async Task<IResult> PageAsync(string project, HttpContext context, UiSession session, IStore store, ProjectCatalog catalog, IEnumerable<IWorkIntegration> builtIn)
    {
        if (UiPages.SessionOf(context, session) is not { } id)
        {
            return UiPages.ToLogin(context);
        }
        var token = session.FormToken(id);
        if (catalog.GetShipyard(project) is null)
        {
            return UiPages.NoSuchProject(project, token);
        }
        return new RazorComponentResult<IntegrationsPage>(new { View = await IntegrationsPageData.BuildAsync(store, builtIn, project), FormToken = token });
    }
}
