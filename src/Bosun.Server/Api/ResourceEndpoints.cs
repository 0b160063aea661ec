using System.Globalization;
using System.Text.Json.Nodes;
using Bosun.Core.Shipyard;
using Bosun.Server.Engine;
using Bosun.Server.Workers;

using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>
/// The resource service (spec §4.3): files at project, stage and service level, base64 content, every write a
/// new version. The version number stands in for Keptn's git commit id (<c>commitID</c>, <c>gitCommitID</c>).
/// </summary>
internal static class ResourceEndpoints
{
    /// <summary>Checked on upload, so a webhook file that cannot run is refused instead of failing tasks later.</summary>
    public const string WebhookFile = "webhook/webhook.yaml";

    /// <summary>Checked on upload, as Keptn's quality gates would refuse it at evaluation time.</summary>
    public const string SloFileName = "slo.yaml";

    public static IEndpointRouteBuilder MapResourceEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "/project/{project}", "/project/{project}/stage/{stage}", "/project/{project}/stage/{stage}/service/{service}" })
        {
            var group = app.MapGroup("/api/resource-service/v1" + prefix + "/resource");
            group.MapGet("/", List);
            group.MapPost("/", WriteMany);
            group.MapPut("/", WriteMany);
            group.MapGet("/{**uri}", Get);
            group.MapPut("/{**uri}", PutOne);
            group.MapDelete("/{**uri}", Delete);
        }
        return app;
    }

    private static async Task<IResult> List(HttpRequest request, IStore store, ProjectCatalog catalog, string project, string? stage = null, string? service = null)
    {
        if (CheckLevel(catalog, project, stage, service) is { } error)
        {
            return error;
        }
        if (!Paging.TryParse(request, 20, 100, out var paging, out var pagingError))
        {
            return pagingError!;
        }
        var page = await store.ListResourcesAsync(project, stage ?? string.Empty, service ?? string.Empty, paging.Offset, paging.PageSize);
        return TypedResults.Json(PageJson.Of("resources", page, r => new JsonObject
        {
            ["resourceURI"] = r.Uri,
            ["metadata"] = Metadata(r.Version),
        }));
    }

    private static async Task<IResult> Get(HttpRequest request, IStore store, ProjectCatalog catalog, string project, string uri, string? stage = null, string? service = null)
    {
        if (CheckLevel(catalog, project, stage, service) is { } error)
        {
            return error;
        }
        long? version = null;
        if (request.Query["gitCommitID"].FirstOrDefault() is { Length: > 0 } commit)
        {
            if (!long.TryParse(commit, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            {
                return ApiError.BadRequest($"gitCommitID '{commit}' is not a commit id of this store");
            }
            version = v;
        }
        var path = Hosting.PathGuardMiddleware.ResourceUriFromRoute(uri);
        var resource = await store.GetResourceAsync(project, stage ?? string.Empty, service ?? string.Empty, path, version);
        return resource is null
            ? ApiError.NotFound($"resource '{path}' does not exist")
            : TypedResults.Json(new JsonObject
            {
                ["resourceURI"] = path,
                ["resourceContent"] = Convert.ToBase64String(resource.Content),
                ["metadata"] = Metadata(resource.Version),
            });
    }

    private static async Task<IResult> PutOne(HttpRequest request, ProjectCatalog catalog, EventPipeline pipeline, WebhookFiles webhooks, string project, string uri, string? stage = null, string? service = null)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request, ResourceKinds.BodyMaxBytes);
        if (error is not null)
        {
            return error;
        }
        return await Write(Access.Audits.Who(request.HttpContext), catalog, pipeline, webhooks, project, stage, service, [(Hosting.PathGuardMiddleware.ResourceUriFromRoute(uri), body!.GetStringOrNull("resourceContent"))], created: false);
    }

    private static async Task<IResult> WriteMany(HttpRequest request, ProjectCatalog catalog, EventPipeline pipeline, WebhookFiles webhooks, string project, string? stage = null, string? service = null)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request, ResourceKinds.BodyMaxBytes);
        if (error is not null)
        {
            return error;
        }
        if (body!["resources"] is not JsonArray { Count: > 0 } items || items.Any(i => i is not JsonObject))
        {
            return ApiError.BadRequest("resources must be a non-empty list of {resourceURI, resourceContent}");
        }
        var files = items.Cast<JsonObject>().Select(i => (i.GetStringOrNull("resourceURI") ?? string.Empty, i.GetStringOrNull("resourceContent"))).ToList();
        return await Write(Access.Audits.Who(request.HttpContext), catalog, pipeline, webhooks, project, stage, service, files, created: HttpMethods.IsPost(request.Method));
    }

    private static async Task<IResult> Delete(HttpContext context, IStore store, ProjectCatalog catalog, EventPipeline pipeline, WebhookFiles webhooks, string project, string uri, string? stage = null, string? service = null)
    {
        if (CheckLevel(catalog, project, stage, service) is { } error)
        {
            return error;
        }
        var path = Hosting.PathGuardMiddleware.ResourceUriFromRoute(uri);
        if (stage is null && path == ProjectChanges.ShipyardUri)
        {
            return ApiError.BadRequest("shipyard.yaml cannot be deleted; delete the project instead");
        }
        if (await store.GetResourceAsync(project, stage ?? string.Empty, service ?? string.Empty, path) is null)
        {
            return ApiError.NotFound($"resource '{path}' does not exist");
        }
        var who = Access.Audits.Who(context);
        var version = await pipeline.Submit(ctx =>
        {
            ctx.Audit(who, "resource.delete", ResourcePath(project, stage, service, path), project);
            return ctx.Batch.PutResource(project, stage ?? string.Empty, service ?? string.Empty, path, null, ctx.Now);
        });
        webhooks.Invalidate(project);
        return TypedResults.Json(new JsonObject { ["commitID"] = Commit(version), ["metadata"] = Metadata(version) });
    }

    private static async Task<IResult> Write(string who, ProjectCatalog catalog, EventPipeline pipeline, WebhookFiles webhooks, string project, string? stage, string? service,
        List<(string Uri, string? Content)> files, bool created)
    {
        if (CheckLevel(catalog, project, stage, service) is { } levelError)
        {
            return levelError;
        }
        var decoded = new List<(string Uri, byte[] Content)>();
        ShipyardSpec? shipyard = null;
        foreach (var (rawUri, content) in files)
        {
            var uri = rawUri.TrimStart('/');
            if (EntityName.CheckResourceUri("resourceURI", uri) is { } uriError)
            {
                return ApiError.BadRequest(uriError);
            }
            if (Base64Text.Decode(content) is not { } bytes)
            {
                return ApiError.BadRequest($"resourceContent of '{uri}' is missing or not valid base64");
            }
            if (ResourceKinds.Check(uri, stage is null, bytes, out var parsed) is { } kindError)
            {
                return ApiError.BadRequest(kindError);
            }
            shipyard = parsed ?? shipyard;
            decoded.Add((uri, bytes));
        }
        var (failure, version) = await pipeline.Submit<((int Code, string Message)? Failure, long Version)>(ctx =>
        {
            if (shipyard is not null && ProjectChanges.UpdateShipyard(ctx, project, string.Empty, shipyard, writeResource: false) is { } f)
            {
                return (f, 0L);
            }
            var last = 0L;
            foreach (var (uri, bytes) in decoded)
            {
                last = ctx.Batch.PutResource(project, stage ?? string.Empty, service ?? string.Empty, uri, bytes, ctx.Now);
                ctx.Audit(who, "resource.put", ResourcePath(project, stage, service, uri), project);
            }
            return (null, last);
        });
        webhooks.Invalidate(project);
        if (failure is { } err)
        {
            return ApiError.Result(err.Code, err.Message);
        }
        // As Keptn's resource-service handlers: POST creates (201), PUT updates (200).
        var answer = new JsonObject { ["commitID"] = Commit(version), ["metadata"] = Metadata(version) };
        return created ? TypedResults.Created((string?)null, answer) : TypedResults.Ok(answer);
    }

    /// <summary>The project, stage and service must exist; the catalog the engine uses answers without reading the store.</summary>
    private static IResult? CheckLevel(ProjectCatalog catalog, string project, string? stage, string? service)
    {
        if (catalog.GetShipyard(project) is not { } shipyard)
        {
            return ApiError.NotFound($"project '{project}' does not exist");
        }
        if (stage is null)
        {
            return null;
        }
        if (shipyard.FindStage(stage) is null)
        {
            return ApiError.NotFound($"stage '{stage}' does not exist in project '{project}'");
        }
        return service is null || catalog.ServiceExists(project, stage, service)
            ? null
            : ApiError.NotFound($"service '{service}' does not exist in stage '{stage}' of project '{project}'");
    }

    /// <summary>A resource's path in audit entries: its level, then its URI.</summary>
    private static string ResourcePath(string project, string? stage, string? service, string uri) =>
        $"projects/{project}" + (stage is null ? "" : $"/stages/{stage}") + (service is null ? "" : $"/services/{service}") + $"/resources/{uri}";

    private static string Commit(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static JsonObject Metadata(long version) => new()
    {
        ["version"] = Commit(version),
        ["upstreamURL"] = string.Empty,
    };
}
