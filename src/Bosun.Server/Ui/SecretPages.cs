using Bosun.Server.Api;
using Bosun.Server.Secrets;
using Bosun.Server.Ui.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bosun.Server.Ui;

/// <summary>
/// The secrets page (DESIGN §6): names, scopes and key names only; a create form (KEY=VALUE lines, checked by the
/// API's own rules) and a delete button per secret. A value is never sent back, not even in an error.
/// </summary>
internal static class SecretPages
{
    public static IEndpointRouteBuilder MapSecretPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/secrets", PageAsync);
        app.MapPost("/secrets", CreateAsync).DisableAntiforgery();
        app.MapPost("/secrets/delete", DeleteAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> PageAsync(HttpContext context, UiSession session, SecretVault vault)
    {
        if (UiPages.SessionOf(context, session) is not { } id)
        {
            return UiPages.ToLogin(context);
        }
        var secrets = (await vault.ListAsync()).Select(s => new SecretLine(s.Name, s.Scope, s.Keys)).ToList();
        return new RazorComponentResult<SecretsPage>(new { Secrets = secrets, FormToken = session.FormToken(id) });
    }

    private static async Task<IResult> CreateAsync(HttpContext context, UiSession session, SecretVault vault, TimeProvider time)
    {
        if (await UiPages.FormCheck(context, session) is { } refused)
        {
            return refused;
        }
        var form = await context.Request.ReadFormAsync();
        var name = form["name"].FirstOrDefault()?.Trim() ?? "";
        var scope = form["scope"].FirstOrDefault()?.Trim() is { Length: > 0 } s ? s : SecretScopes.Default;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = (form["data"].FirstOrDefault() ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var at = lines[i].IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                return ApiError.BadRequest($"data: line {i + 1} is not KEY=VALUE");
            }
            if (!values.TryAdd(lines[i][..at].Trim(), lines[i][(at + 1)..]))
            {
                return ApiError.BadRequest($"data: key '{lines[i][..at].Trim()}' is given twice");
            }
        }
        if (SecretRules.Problem(name, scope, values.Keys) is { } problem)
        {
            return ApiError.BadRequest(problem);
        }
        var replace = form["replace"].FirstOrDefault() == "1";
        if (!await vault.SaveAsync(name, scope, values, replace ? null : false,
            Access.Audits.Of(context, time.GetUtcNow(), replace ? "secret.update" : "secret.create", $"secrets/{name}", null)))
        {
            return await SecretRules.RefusedAsync(vault, name, scope, mustExist: false, "tick 'replace it if it exists' to replace it");
        }
        return TypedResults.Redirect("/secrets");
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, UiSession session, SecretVault vault, TimeProvider time)
    {
        if (await UiPages.FormCheck(context, session) is { } refused)
        {
            return refused;
        }
        var form = await context.Request.ReadFormAsync();
        var name = form["name"].FirstOrDefault() ?? "";
        var scope = form["scope"].FirstOrDefault() is { Length: > 0 } s ? s : SecretScopes.Default;
        return await vault.DeleteAsync(name, scope, Access.Audits.Of(context, time.GetUtcNow(), "secret.delete", $"secrets/{name}", null))
            ? TypedResults.Redirect("/secrets")
            : ApiError.NotFound($"name: secret '{name}' does not exist in scope {scope}");
    }
}
