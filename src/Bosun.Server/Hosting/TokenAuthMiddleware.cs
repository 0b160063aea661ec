using Bosun.Server.Api;

namespace Bosun.Server.Hosting;

/// <summary>
/// Requires <c>x-token</c> on every path but the web UI's, <c>/health</c>, <c>/ready</c> (probes carry no token) and <c>/metrics</c>; the Alertmanager receiver also takes
/// the token as a bearer token or in its URL, the two ways Alertmanager's webhook config can send one.
/// </summary>
/// An address with too many failed attempts is answered 429 before its token is looked at (<see cref="AuthThrottle"/>).
internal sealed class TokenAuthMiddleware(RequestDelegate next, ApiToken token, AuthThrottle throttle)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        // The web UI signs in with its session cookie, checked by its pages (Ui/UiEndpoints.cs).
        if (ProbePaths.Matches(path) || Ui.UiPaths.Matches(path))
        {
            await next(context);
            return;
        }
        var address = context.Connection.RemoteIpAddress;
        if (throttle.Blocked(address) is { } wait)
        {
            await Throttled(context, wait);
            return;
        }
        if (token.Matches(context.Request.Headers["x-token"].FirstOrDefault())
            || (path.StartsWithSegments(AlertmanagerEndpoints.Path) && token.Matches(AlertmanagerEndpoints.PresentedToken(context.Request))))
        {
            await next(context);
            return;
        }
        throttle.Failed(address);
        await ApiError.Write(context, StatusCodes.Status401Unauthorized, "unauthenticated or invalid credentials");
    }

    public static Task Throttled(HttpContext context, TimeSpan wait)
    {
        var retryAfter = AuthThrottle.RetryAfter(wait);
        context.Response.Headers.RetryAfter = retryAfter;
        return ApiError.Write(context, StatusCodes.Status429TooManyRequests,
            $"too many failed authentications from this address; try again in {retryAfter} s");
    }
}
