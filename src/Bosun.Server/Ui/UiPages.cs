using Bosun.Server.Api;
using Bosun.Server.Engine;
using Bosun.Server.Ui.Components;
using Bosun.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bosun.Server.Ui;

/// <summary>What every page handler does first: find the session, send strangers to sign in, check a form's token.</summary>
internal static class UiPages
{
    /// <summary>The signed-in session's id, or null.</summary>
    public static string? SessionOf(HttpContext context, UiSession session) => UiSession.IdOf(context);

    public static RedirectHttpResult ToLogin(HttpContext context) =>
        TypedResults.Redirect("/login?return=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));

    /// <summary>A page that says what went wrong, with the status code that says it to a machine.</summary>
    public static RazorComponentResult<MessagePage> Message(string title, string message, string? formToken, int status) =>
        new(new { Title = title, Message = message, FormToken = formToken }) { StatusCode = status };

    /// <summary>A form POST needs a session and that session's anti-forgery token; null when it has both.</summary>
    public static async Task<IResult?> FormCheck(HttpContext context, UiSession session)
    {
        if (SessionOf(context, session) is not { } id)
        {
            return ApiError.Result(StatusCodes.Status401Unauthorized, "not signed in, or the session has expired: sign in at /login");
        }
        var form = await context.Request.ReadFormAsync();
        return session.FormTokenMatches(id, form[UiSession.FormField].FirstOrDefault())
            ? null
            : ApiError.BadRequest($"the form's anti-forgery token ({UiSession.FormField}) is missing or wrong; reload the page and try again");
    }

    /// <summary>The 403 page of a call the session's token may not make (DESIGN §8), saying why as the API does.</summary>
    public static RazorComponentResult<MessagePage> Forbidden(string refusal, string? formToken) =>
        Message("Not allowed", char.ToUpperInvariant(refusal[0]) + refusal[1..] + ".", formToken, StatusCodes.Status403Forbidden);

    /// <summary>The 404 page of a project that does not exist.</summary>
    public static RazorComponentResult<MessagePage> NoSuchProject(string project, string? formToken) =>
        Message("No such project", $"The project '{project}' does not exist.", formToken, StatusCodes.Status404NotFound);

    /// <summary>A 404 page when the project or its service does not exist; null when both do.</summary>
    public static async Task<IResult?> FindServiceAsync(IStore store, ProjectCatalog catalog, string project, string service, string formToken)
    {
        if (catalog.GetShipyard(project) is null)
        {
            return NoSuchProject(project, formToken);
        }
        return (await store.ListServicesAsync(project)).Any(s => s.Name == service)
            ? null
            : Message("No such service", $"The project '{project}' has no service '{service}'.", formToken, StatusCodes.Status404NotFound);
    }

    /// <summary>Where to go after a form: a path on this site only, never another origin.</summary>
    public static string LocalPath(string? returnTo) =>
        returnTo is { Length: > 0 } && returnTo[0] == '/' && !returnTo.StartsWith("//", StringComparison.Ordinal) && !returnTo.Contains('\\', StringComparison.Ordinal)
            ? returnTo
            : "/";
}
