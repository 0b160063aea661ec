using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Shipyard;
using Bosun.Server.Api;
using Bosun.Storage;

namespace Bosun.Server.Access;

/// <summary>
/// Named tokens with roles (DESIGN §8): created (the value answered once), listed (never a value), rotated and
/// revoked by an admin. The API token is the admin named <c>default</c>: listed, never stored, rotated or revoked here.
/// </summary>
internal static class TokenEndpoints
{
    public const string Path = "/api/bosun/v1/tokens";
    private const int NameMaxLength = 63;
    private const string DefaultIsTheApiToken = "the token 'default' is the API token: change it with --api-token (or the api-token file) and a restart";

    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Path).RequireRight(Right.Administer);
        api.MapPost("", CreateAsync);
        api.MapGet("", ListAsync);
        api.MapDelete("/{name}", RevokeAsync);
        api.MapPost("/{name}/rotate", RotateAsync);
        return app;
    }

    /// <summary>A new token's value: 32 random bytes, hex (what the store keeps is its SHA-256).</summary>
    public static string NewValue() => "bsn_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static async Task<IResult> CreateAsync(HttpContext context, IStore store, TokenDirectory directory, TimeProvider time)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(context.Request);
        if (error is not null)
        {
            return error;
        }
        if (body!.NonStringField("name", "role") is { } field)
        {
            return ApiError.BadRequest($"{field} must be a string");
        }
        var name = body!.GetStringOrNull("name");
        if (EntityName.Check("name", name, NameMaxLength) is { } problem)
        {
            return ApiError.BadRequest(problem);
        }
        if (name == Caller.Default.Name)
        {
            return ApiError.Conflict("name: 'default' is the API token's name");
        }
        var role = body!.GetStringOrNull("role");
        if (role is null || Roles.Highest(role) is null)
        {
            return ApiError.BadRequest($"role must be one of {string.Join(", ", Roles.All)}");
        }
        var (projects, projectsError) = Projects(body!["projects"]);
        if (projectsError is not null)
        {
            return ApiError.BadRequest(projectsError);
        }
        var value = NewValue();
        var now = time.GetUtcNow();
        if (!await store.AddTokenAsync(new TokenRecord(name!, role, projects, TokenDirectory.Hash(value), now), Audits.Of(context, now, "token.create", $"tokens/{name}", null)))
        {
            return ApiError.Conflict($"a token named '{name}' exists already");
        }
        directory.Changed();
        return TypedResults.Json(new TokenCreated(name!, role, projects, value), statusCode: StatusCodes.Status201Created);
    }

    private static (IReadOnlyList<string>? Projects, string? Error) Projects(JsonNode? node)
    {
        if (node is null)
        {
            return (null, null);
        }
        if (node is not JsonArray array || array.Count == 0)
        {
            return (null, "projects must be a non-empty array of project names (leave it out for every project)");
        }
        var list = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
            if (EntityName.CheckProject($"projects[{i}]", item) is { } problem)
            {
                return (null, problem);
            }
            list.Add(item!);
        }
        return ([.. list.Distinct(StringComparer.Ordinal)], null);
    }

    private static async Task<IResult> ListAsync(IStore store) =>
        TypedResults.Ok(new TokenList(
        [
            new TokenItem(Caller.Default.Name, Caller.Default.Role, null, null),
            .. (await store.ListTokensAsync()).Select(t => new TokenItem(t.Name, t.Role, t.Projects, KeptnEventJson.FormatTime(t.Created))),
        ]));

    private static async Task<IResult> RevokeAsync(string name, HttpContext context, IStore store, TokenDirectory directory, TimeProvider time)
    {
        if (name == Caller.Default.Name)
        {
            return ApiError.Conflict(DefaultIsTheApiToken);
        }
        var now = time.GetUtcNow();
        if (!await store.DeleteTokenAsync(name, Audits.Of(context, now, "token.revoke", $"tokens/{name}", null)))
        {
            return ApiError.NotFound($"no token is named '{EntityName.Quote(name)}'");
        }
        directory.Changed();
        return TypedResults.Ok(new JsonObject { ["message"] = $"token {name} revoked" });
    }

    private static async Task<IResult> RotateAsync(string name, HttpContext context, IStore store, TokenDirectory directory, TimeProvider time)
    {
        if (name == Caller.Default.Name)
        {
            return ApiError.Conflict(DefaultIsTheApiToken);
        }
        var value = NewValue();
        var now = time.GetUtcNow();
        if (!await store.RotateTokenAsync(name, TokenDirectory.Hash(value), Audits.Of(context, now, "token.rotate", $"tokens/{name}", null)))
        {
            return ApiError.NotFound($"no token is named '{EntityName.Quote(name)}'");
        }
        directory.Changed();
        var token = (await store.ListTokensAsync()).First(t => t.Name == name);
        return TypedResults.Ok(new TokenCreated(name, token.Role, token.Projects, value));
    }
}
