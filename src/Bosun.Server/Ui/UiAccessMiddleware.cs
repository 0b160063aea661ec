using Bosun.Server.Access;

namespace Bosun.Server.Ui;

/// <summary>
/// The web UI's side of DESIGN §8: finds the session's caller (the token that signed in, still as it was when it
/// did), and refuses a page or form the caller's role or projects do not allow with a 403 page naming what it lacks.
/// A request without a valid session passes on without a caller: its page sends it to sign in.
/// </summary>
internal sealed class UiAccessMiddleware(RequestDelegate next, UiSession session, TokenDirectory tokens)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!UiPaths.Matches(context.Request.Path) || session.Read(context.Request.Cookies[UiSession.CookieName]) is not { } claim)
        {
            await next(context);
            return;
        }
        if (await CallerOfAsync(claim, context.RequestAborted) is not { } caller)
        {
            // The token was revoked or rotated since it signed in: as good as no session.
            await next(context);
            return;
        }
        Caller.Set(context, caller);
        UiSession.SetId(context, claim.Id);
        if (RequiredRight.Refusal(context, caller) is { } refusal)
        {
            await UiPages.Forbidden(refusal, session.FormToken(claim.Id)).ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    private async Task<Caller?> CallerOfAsync(UiSession.Claim claim, CancellationToken cancellationToken)
    {
        if (claim.Token == Caller.Default.Name)
        {
            return session.TagMatches(claim, session.ApiTokenHash) ? Caller.Default : null;
        }
        return await tokens.ByNameAsync(claim.Token, cancellationToken) is { } token && session.TagMatches(claim, token.Hash)
            ? new Caller(token.Name, token.Role, token.Projects)
            : null;
    }
}
