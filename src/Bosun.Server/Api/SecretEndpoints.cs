using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bosun.Server.Secrets;

namespace Bosun.Server.Api;

/// <summary>
/// Keptn's secret-service API (<c>/api/secrets/v1</c>): create, update, delete and list secrets for webhooks'
/// <c>envFrom</c>. Answers never contain a value: a list shows names, scopes and key names.
/// </summary>
internal static partial class SecretEndpoints
{
    public static IEndpointRouteBuilder MapSecretEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/secrets/v1");
        api.MapPost("/secret", (HttpRequest request, SecretVault vault) => WriteAsync(request, vault, mustExist: false));
        api.MapPut("/secret", (HttpRequest request, SecretVault vault) => WriteAsync(request, vault, mustExist: true));
        api.MapDelete("/secret", Delete);
        api.MapGet("/secret", List);
        api.MapGet("/scope", () => TypedResults.Json(new JsonObject { ["scopes"] = new JsonArray(SecretVault.DefaultScope) }));
        return app;
    }

    private static async Task<IResult> WriteAsync(HttpRequest request, SecretVault vault, bool mustExist)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request);
        if (error is not null)
        {
            return error;
        }
        var name = body!.GetStringOrNull("name") ?? string.Empty;
        var scope = body!.GetStringOrNull("scope") ?? SecretVault.DefaultScope;
        if (!Name().IsMatch(name))
        {
            return ApiError.BadRequest($"name '{name}' must be lowercase letters, digits, '-' or '.', starting and ending with a letter or digit (at most 253 characters)");
        }
        if (scope != SecretVault.DefaultScope)
        {
            return ApiError.BadRequest($"scope '{scope}' is unknown; the only scope is {SecretVault.DefaultScope}");
        }
        if (body!["data"] is not JsonObject data || data.Count == 0)
        {
            return ApiError.BadRequest("data must be a non-empty object of key: value strings");
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in data)
        {
            if (!Key().IsMatch(key))
            {
                return ApiError.BadRequest($"data key '{key}' must be letters, digits, '-', '_' or '.'");
            }
            if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                return ApiError.BadRequest($"data.{key} must be a string");
            }
            values[key] = v.GetValue<string>();
        }
        if (!await vault.SaveAsync(name, scope, values, mustExist))
        {
            return mustExist
                ? ApiError.NotFound($"secret '{name}' does not exist in scope {scope}")
                : ApiError.Conflict($"secret '{name}' already exists in scope {scope}; update it with PUT");
        }
        var answer = new JsonObject { ["name"] = name, ["scope"] = scope, ["keys"] = new JsonArray(values.Keys.Order(StringComparer.Ordinal).Select(k => (JsonNode)k).ToArray()) };
        return mustExist ? TypedResults.Json(answer) : TypedResults.Json(answer, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> Delete(string? name, string? scope, SecretVault vault)
    {
        if (string.IsNullOrEmpty(name))
        {
            return ApiError.BadRequest("the query parameter name is required");
        }
        var inScope = string.IsNullOrEmpty(scope) ? SecretVault.DefaultScope : scope;
        return await vault.DeleteAsync(name, inScope)
            ? TypedResults.Json(new JsonObject())
            : ApiError.NotFound($"secret '{name}' does not exist in scope {inScope}");
    }

    private static async Task<IResult> List(SecretVault vault) => TypedResults.Json(new JsonObject
    {
        ["Secrets"] = new JsonArray((await vault.ListAsync()).Select(s => (JsonNode)new JsonObject
        {
            ["name"] = s.Name,
            ["scope"] = s.Scope,
            ["keys"] = new JsonArray(s.Keys.Select(k => (JsonNode)k).ToArray()),
        }).ToArray()),
    });

    [GeneratedRegex("^(?=.{1,253}$)[a-z0-9]([-a-z0-9.]*[a-z0-9])?\\z")]
    private static partial Regex Name();

    [GeneratedRegex("^[-._a-zA-Z0-9]+\\z")]
    private static partial Regex Key();
}
