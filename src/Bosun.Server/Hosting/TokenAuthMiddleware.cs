using Bosun.Server.Access;
using Bosun.Server.Api;

namespace Bosun.Server.Hosting;

/// <summary>
/// Requires <c>x-token</c> on every path but the web UI's, <c>/health</c>, <c>/ready</c> (probes carry no token) and
/// <c>/metrics</c>; the Alertmanager receiver also takes the token as a bearer token or in its URL, the two ways
/// Alertmanager's webhook config can send one. The token's caller must hold the endpoint's right and, when limited to
/// projects, the project the call names (DESIGN §8): else 403 naming what it lacks.
/// </summary>
/// An address with too many failed attempts is answered 429 before its token is looked at (<see cref="AuthThrottle"/>).
internal sealed class TokenAuthMiddleware(RequestDelegate next, TokenDirectory tokens, AuthThrottle throttle)
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
        var caller = await tokens.FindAsync(context.Request.Headers["x-token"].FirstOrDefault(), context.RequestAborted);
        if (caller is null && path.StartsWithSegments(AlertmanagerEndpoints.Path))
        {
            caller = await tokens.FindAsync(AlertmanagerEndpoints.PresentedToken(context.Request), context.RequestAborted);
        }
        if (caller is null)
        {
            throttle.Failed(address);
            await ApiError.Write(context, StatusCodes.Status401Unauthorized, "unauthenticated or invalid credentials");
            return;
        }
        if (RequiredRight.Refusal(context, caller) is { } refusal)
        {
            await ApiError.Write(context, StatusCodes.Status403Forbidden, refusal);
            return;
        }
        Caller.Set(context, caller);
        await next(context);
    }

    public static Task Throttled(HttpContext context, TimeSpan wait)
    {
        var retryAfter = AuthThrottle.RetryAfter(wait);
        context.Response.Headers.RetryAfter = retryAfter;
        return ApiError.Write(context, StatusCodes.Status429TooManyRequests,
            $"too many failed authentications from this address; try again in {retryAfter} s");
    }
}
