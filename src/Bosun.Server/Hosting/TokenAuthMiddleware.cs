using Bosun.Server.Api;

namespace Bosun.Server.Hosting;

/// <summary>
/// Requires <c>x-token</c> on every path but the web UI's, <c>/health</c>, <c>/ready</c> (probes carry no token) and <c>/metrics</c>; the Alertmanager receiver also takes
/// the token as a bearer token or in its URL, the two ways Alertmanager's webhook config can send one.
/// </summary>
internal sealed class TokenAuthMiddleware(RequestDelegate next, ApiToken token)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        // The web UI signs in with its session cookie, checked by its pages (Ui/UiEndpoints.cs).
        if (ProbePaths.Matches(path) || Ui.UiPaths.Matches(path)
            || token.Matches(context.Request.Headers["x-token"].FirstOrDefault())
            || (path.StartsWithSegments(AlertmanagerEndpoints.Path) && token.Matches(AlertmanagerEndpoints.PresentedToken(context.Request))))
        {
            await next(context);
            return;
        }
        await ApiError.Write(context, StatusCodes.Status401Unauthorized, "unauthenticated or invalid credentials");
    }
}
