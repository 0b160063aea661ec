using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Server.Access;
using Bosun.Server.Secrets;

namespace Bosun.Server.Api;

/// <summary>
/// Keptn's secret-service API (<c>/api/secrets/v1</c>): create, update, delete and list secrets for webhooks'
/// <c>envFrom</c>. Answers never contain a value: a list shows names, scopes and key names.
/// </summary>
internal static class SecretEndpoints
{
    public static IEndpointRouteBuilder MapSecretEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/secrets/v1");
        api.MapPost("/secret", (HttpRequest request, SecretVault vault, TimeProvider time) => WriteAsync(request, vault, time, mustExist: false));
        api.MapPut("/secret", (HttpRequest request, SecretVault vault, TimeProvider time) => WriteAsync(request, vault, time, mustExist: true));
        api.MapDelete("/secret", Delete);
        api.MapGet("/secret", List);
        api.MapGet("/scope", () => TypedResults.Ok(new SecretScopeList(SecretScopes.All)));
        return app;
    }

    private static async Task<IResult> WriteAsync(HttpRequest request, SecretVault vault, TimeProvider time, bool mustExist)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request);
        if (error is not null)
        {
            return error;
        }
        var name = body!.GetStringOrNull("name") ?? string.Empty;
        var scope = body!.GetStringOrNull("scope") ?? SecretScopes.Default;
        if (body!["data"] is not JsonObject data || data.Count == 0)
        {
            return ApiError.BadRequest(SecretRules.Problem(name, scope, [])!); // no keys: always a problem, the name's or the data's
        }
        if (SecretRules.Problem(name, scope, data.Select(d => d.Key)) is { } problem)
        {
            return ApiError.BadRequest(problem);
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in data)
        {
            if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                return ApiError.BadRequest($"data.{key} must be a string");
            }
            values[key] = v.GetValue<string>();
        }
        if (!await vault.SaveAsync(name, scope, values, mustExist,
            Audits.Of(request.HttpContext, time.GetUtcNow(), mustExist ? "secret.update" : "secret.create", $"secrets/{name}", null)))
        {
            return await SecretRules.RefusedAsync(vault, name, scope, mustExist);
        }
        var answer = new SecretItem(name, scope, [.. values.Keys.Order(StringComparer.Ordinal)]);
        return mustExist ? TypedResults.Ok(answer) : TypedResults.Json(answer, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> Delete(string? name, string? scope, HttpContext context, SecretVault vault, TimeProvider time)
    {
        if (string.IsNullOrEmpty(name))
        {
            return ApiError.BadRequest("the query parameter name is required");
        }
        var inScope = string.IsNullOrEmpty(scope) ? SecretScopes.Default : scope;
        if (!SecretScopes.IsKnown(inScope))
        {
            return ApiError.BadRequest(SecretScopes.Unknown(inScope));
        }
        return await vault.DeleteAsync(name, inScope, Audits.Of(context, time.GetUtcNow(), "secret.delete", $"secrets/{name}", null))
            ? TypedResults.Ok(new JsonObject())
            : ApiError.NotFound($"secret '{name}' does not exist in scope {inScope}");
    }

    /// <summary>Keptn's <c>GET /secret</c>: every secret, or those of one name and/or scope (each optional).</summary>
    private static async Task<IResult> List(string? name, string? scope, SecretVault vault) =>
        !string.IsNullOrEmpty(scope) && !SecretScopes.IsKnown(scope) ? ApiError.BadRequest(SecretScopes.Unknown(scope))
        : TypedResults.Ok(new SecretList(
            [.. (await vault.ListAsync())
                .Where(s => (string.IsNullOrEmpty(name) || s.Name == name) && (string.IsNullOrEmpty(scope) || s.Scope == scope))
                .Select(s => new SecretItem(s.Name, s.Scope, s.Keys))]));
}
