using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Bosun.Integrations.ArgoCd;
using Bosun.Server.Access;
using Bosun.Server.Api;
using Bosun.Server.Engine;
using Bosun.Server.Hosting;
using Bosun.Server.Ui.Assets;
using Bosun.Server.Ui.Components;
using Bosun.Server.Ui.Live;
using Bosun.Server.Workers;
using Bosun.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bosun.Server.Ui;

/// <summary>
/// The web UI (DESIGN §6), rendered on the server as Razor components. Sign-in takes the API token and sets the session
/// cookie; every other page needs the session (else it redirects to <c>/login</c>), and every form POST its
/// anti-forgery token (else 400, changing nothing).
/// </summary>
internal static class UiEndpoints
{
    private const int LatestPerProject = 5;

    public static IEndpointRouteBuilder MapUiEndpoints(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").ReadingLiveHead();
        pages.MapGet("/login", (string? @return) => Login(null, @return));
        pages.MapPost("/login", SignIn).DisableAntiforgery().RequireRight(Right.Read);
        pages.MapPost("/logout", SignOut).DisableAntiforgery().RequireRight(Right.Read);
        // A token limited to projects sees only those.
        pages.MapGet("/", ProjectsAsync).ChecksProject(Right.Read);
        pages.MapGet("/projects/{project}", EnvironmentAsync);
        pages.MapGet("/approvals", ApprovalsAsync).ChecksProject(Right.Read);
        pages.MapPost("/approvals/{triggeredId}", AnswerApprovalAsync).DisableAntiforgery();
        pages.MapSequencePages();
        pages.MapServicePages();
        pages.MapTriggerPages();
        pages.MapDoraPages();
        pages.MapIntegrationPages();
        pages.MapSecretPages();
        pages.MapAuditPages();
        pages.MapBridgeLinks();
        app.MapLiveEndpoints();
        app.MapUiAssets();
        return app;
    }

    private static RazorComponentResult<LoginPage> Login(string? error, string? returnTo, int status = StatusCodes.Status200OK) =>
        new(new { Error = error, Return = UiPages.LocalPath(returnTo) }) { StatusCode = status };

    private static async Task<IResult> SignIn(HttpContext context, UiSession session, TokenDirectory tokens, AuthThrottle throttle)
    {
        var form = await context.Request.ReadFormAsync();
        var returnTo = UiPages.LocalPath(form["return"].FirstOrDefault());
        // DESIGN §8: sign-ins count against the address's failed authentications as API calls do.
        var address = context.Connection.RemoteIpAddress;
        if (throttle.Blocked(address) is { } wait)
        {
            context.Response.Headers.RetryAfter = AuthThrottle.RetryAfter(wait);
            return Login($"Too many failed sign-ins from this address; try again in {AuthThrottle.RetryAfter(wait)} s.", returnTo, StatusCodes.Status429TooManyRequests);
        }
        var presented = form["token"].FirstOrDefault();
        if (await tokens.FindAsync(presented, context.RequestAborted) is not { } caller)
        {
            throttle.Failed(address);
            return Login("That token is not valid.", returnTo, StatusCodes.Status401Unauthorized);
        }
        context.Response.Cookies.Append(UiSession.CookieName, session.Issue(caller.Name, TokenDirectory.Hash(presented!)), session.CookieFor(context.Request));
        return TypedResults.Redirect(returnTo);
    }

    private static async Task<IResult> SignOut(HttpContext context, UiSession session)
    {
        if (await UiPages.FormCheck(context, session) is { } refused)
        {
            return refused;
        }
        context.Response.Cookies.Append(UiSession.CookieName, string.Empty, session.CookieFor(context.Request, expire: true));
        return TypedResults.Redirect("/login");
    }

    private static async Task<IResult> ProjectsAsync(HttpContext context, UiSession session, IStore store, ProjectCatalog catalog)
    {
        if (UiPages.SessionOf(context, session) is not { } id)
        {
            return UiPages.ToLogin(context);
        }
        var projects = await store.ListProjectsAsync(0, 1000);
        var services = (await store.ListServicesAsync()).ToLookup(s => s.Project);
        var summaries = new List<ProjectSummary>();
        var caller = Caller.Of(context);
        foreach (var project in projects.Items.Where(p => caller?.MayUse(p.Name) != false))
        {
            var stages = catalog.GetShipyard(project.Name)?.Stages.Select(s => s.Name).ToList() ?? [];
            var running = await store.QuerySequencesAsync(new SequenceQuery(project.Name) { State = SequenceState.Started.ToWire(), PageSize = 1 });
            var waiting = await store.QuerySequencesAsync(new SequenceQuery(project.Name) { State = SequenceState.WaitingForApproval.ToWire(), PageSize = 1 });
            var failed = await store.QuerySequencesAsync(new SequenceQuery(project.Name) { Result = KeptnResult.Fail, PageSize = 1 });
            var latest = await store.QueryContextsAsync(new ContextQuery(project.Name) { PageSize = LatestPerProject });
            summaries.Add(new ProjectSummary(project.Name, stages, [.. services[project.Name].Select(s => s.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                running.TotalCount, waiting.TotalCount, failed.TotalCount,
                [.. latest.Items.Select(c => new SequenceSummary(c.KeptnContext, c.Name, c.Service, SequenceViews.State(c)["state"]!.GetValue<string>(), c.Time))]));
        }
        return new RazorComponentResult<ProjectsPage>(new { Projects = summaries, FormToken = session.FormToken(id) });
    }

    private static async Task<IResult> EnvironmentAsync(string project, HttpContext context, UiSession session, IStore store, ProjectCatalog catalog,
        string? service, string? problems, string? offset)
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
        if (!int.TryParse(offset ?? "0", System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var from))
        {
            return UiPages.Message("Bad page", $"offset '{offset}' must be a number of services to skip.", token, StatusCodes.Status400BadRequest);
        }
        var view = await EnvironmentPageData.BuildAsync(store, project, shipyard, service?.Trim() ?? string.Empty, problems == "1", from,
            context.RequestServices.GetService<ArgoCdAppFeed>()?.All(), context.RequestServices.GetService<ArgoCdOptions>()?.Url);
        return new RazorComponentResult<EnvironmentPage>(new { View = view, FormToken = token });
    }

    /// <summary>The inbox of every project, or of one (<c>?project=</c>).</summary>
    private static async Task<IResult> ApprovalsAsync(HttpContext context, UiSession session, IStore store, ProjectCatalog catalog, TimeProvider time, string? project)
    {
        if (UiPages.SessionOf(context, session) is not { } id)
        {
            return UiPages.ToLogin(context);
        }
        var token = session.FormToken(id);
        project = string.IsNullOrWhiteSpace(project) ? null : project.Trim();
        var caller = Caller.Of(context)!;
        if (project is not null && !caller.MayUse(project))
        {
            return UiPages.Forbidden(caller.NotIn(project), token);
        }
        if (project is not null && catalog.GetShipyard(project) is null)
        {
            return UiPages.NoSuchProject(project, token);
        }
        return new RazorComponentResult<ApprovalsPage>(new { Inbox = await ApprovalInboxData.BuildAsync(store, project, time.GetUtcNow(), caller), FormToken = token });
    }

    /// <summary>
    /// Approves or declines from the inbox; the approval says who: the name of the session's token.
    /// </summary>
    private static async Task<IResult> AnswerApprovalAsync(string triggeredId, HttpContext context, UiSession session, IStore store, EventIngest ingest, TimeProvider time)
    {
        if (await UiPages.FormCheck(context, session) is { } refused)
        {
            return refused;
        }
        var form = await context.Request.ReadFormAsync();
        var decision = form["decision"].FirstOrDefault();
        if (decision is not ("approve" or "decline"))
        {
            return ApiError.BadRequest("decision must be approve or decline");
        }
        var outcome = await ApprovalAnswer.SendAsync(context, store, ingest, time, triggeredId, decision == "approve", null, form["comment"].FirstOrDefault()?.Trim() ?? string.Empty);
        if (outcome.KeptnContext is null)
        {
            return UiPages.Message("Not answered", outcome.Message!, session.FormToken(UiPages.SessionOf(context, session)!), outcome.Code);
        }
        return TypedResults.Redirect(form["return"].FirstOrDefault() is { Length: > 0 } back ? UiPages.LocalPath(back) : "/approvals");
    }
}
