using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Shipyard;
using Bosun.Server.Access;
using Bosun.Server.Engine;
using Bosun.Server.Workers;
using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>Projects, stages and services under <c>/api/controlPlane/v1/project</c> (spec §4.2).</summary>
internal static class ProjectEndpoints
{
    public static IEndpointRouteBuilder MapProjectEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/controlPlane/v1/project");
        // A token limited to projects lists only those.
        api.MapGet("/", ListProjects).ChecksProject(Right.Read);
        api.MapPost("/", CreateProject).RequireRight(Right.Administer);
        api.MapPut("/", UpdateProject).RequireRight(Right.Administer);
        api.MapGet("/{project}", GetProject);
        api.MapDelete("/{project}", DeleteProject).RequireRight(Right.Administer);
        api.MapPost("/{project}/service", CreateService).RequireRight(Right.Administer);
        api.MapDelete("/{project}/service/{service}", DeleteService).RequireRight(Right.Administer);
        api.MapGet("/{project}/stage", ListStages);
        api.MapGet("/{project}/stage/{stage}", GetStage);
        api.MapGet("/{project}/stage/{stage}/service", ListServices);
        api.MapGet("/{project}/stage/{stage}/service/{service}", GetService);
        return app;
    }

    private static async Task<IResult> ListProjects(HttpRequest request, IStore store)
    {
        if (!Paging.TryParse(request, 20, 100, out var paging, out var error))
        {
            return error!;
        }
        var page = Caller.Of(request.HttpContext)?.Projects is { } only
            ? await OnlyAsync(store, only, paging)
            : await store.ListProjectsAsync(paging.Offset, paging.PageSize);
        var views = new List<JsonObject>(page.Items.Count);
        foreach (var project in page.Items)
        {
            views.Add(await ProjectViews.ProjectAsync(store, store, project));
        }
        return TypedResults.Json(PageJson.Of("projects", new Page<JsonObject>(views, page.TotalCount, page.PageSize, page.NextPageKey), p => p));
    }

    private static async Task<Page<ProjectRecord>> OnlyAsync(IStore store, IReadOnlyList<string> only, Paging paging)
    {
        var found = new List<ProjectRecord>();
        foreach (var name in only.Order(StringComparer.Ordinal))
        {
            if (await store.GetProjectAsync(name) is { } record)
            {
                found.Add(record);
            }
        }
        return Page<ProjectRecord>.From([.. found.Skip(paging.Offset).Take(paging.PageSize)], found.Count, paging.Offset, paging.PageSize);
    }

    private static async Task<IResult> GetProject(string project, IStore store) =>
        await store.GetProjectAsync(project) is { } record ? TypedResults.Json(await ProjectViews.ProjectAsync(store, store, record)) : ApiError.NotFound($"project '{project}' does not exist");

    private static async Task<IResult> CreateProject(HttpRequest request, EventPipeline pipeline)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request);
        if (error is not null)
        {
            return error;
        }
        var name = body!.GetStringOrNull("name");
        var nameError = EntityName.CheckProject("name", name);
        if (nameError is not null)
        {
            return ApiError.BadRequest(nameError);
        }
        var (yaml, shipyard, shipyardError) = ReadShipyard(body!, required: true);
        if (shipyardError is not null)
        {
            return ApiError.BadRequest(shipyardError);
        }
        var details = new JsonObject { ["projectName"] = name };
        if (body!["gitCredentials"] is JsonObject git)
        {
            details["gitCredentials"] = new JsonObject { ["remoteURL"] = git.GetStringOrNull("remoteURL") ?? string.Empty, ["user"] = git.GetStringOrNull("user") ?? string.Empty };
        }
        var who = Audits.Who(request.HttpContext);
        var failure = await pipeline.Submit(ctx => Audited(ctx, ProjectChanges.CreateProject(ctx, name!, yaml!, shipyard!, details), who, "project.create", Audits.ProjectPath(name!), name));
        // Keptn's CreateProjectResponse and UpdateProjectResponse: 201 with an empty object.
        return failure is { } f ? ApiError.Result(f.Code, f.Message) : TypedResults.Created((string?)null, new JsonObject());
    }

    private static async Task<IResult> UpdateProject(HttpRequest request, EventPipeline pipeline)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request);
        if (error is not null)
        {
            return error;
        }
        var name = body!.GetStringOrNull("name");
        if (string.IsNullOrEmpty(name))
        {
            return ApiError.BadRequest("name must not be empty");
        }
        var (yaml, shipyard, shipyardError) = ReadShipyard(body!, required: false);
        if (shipyardError is not null)
        {
            return ApiError.BadRequest(shipyardError);
        }
        var who = Audits.Who(request.HttpContext);
        var failure = await pipeline.Submit(ctx => Audited(ctx, shipyard is null
            ? ctx.Catalog.GetShipyard(name) is null ? (404, $"project '{name}' does not exist") : null
            : ProjectChanges.UpdateShipyard(ctx, name, yaml!, shipyard, writeResource: true), who, "project.update", Audits.ProjectPath(name), name));
        // Keptn's CreateProjectResponse and UpdateProjectResponse: 201 with an empty object.
        return failure is { } f ? ApiError.Result(f.Code, f.Message) : TypedResults.Created((string?)null, new JsonObject());
    }

    private static async Task<IResult> DeleteProject(string project, HttpContext context, EventPipeline pipeline, WebhookFiles webhooks)
    {
        var who = Audits.Who(context);
        var failure = await pipeline.Submit(ctx => Audited(ctx, ProjectChanges.DeleteProject(ctx, project), who, "project.delete", Audits.ProjectPath(project), project));
        webhooks.Invalidate(project);
        return failure is { } f ? ApiError.Result(f.Code, f.Message) : TypedResults.Json(new JsonObject { ["message"] = $"project {project} deleted" });
    }

    private static async Task<IResult> CreateService(string project, HttpRequest request, EventPipeline pipeline)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request);
        if (error is not null)
        {
            return error;
        }
        var service = body!.GetStringOrNull("serviceName");
        var nameError = EntityName.CheckService("serviceName", service);
        if (nameError is not null)
        {
            return ApiError.BadRequest(nameError);
        }
        var who = Audits.Who(request.HttpContext);
        var failure = await pipeline.Submit(ctx => Audited(ctx, ProjectChanges.CreateService(ctx, project, service!), who, "service.create", Audits.ServicePath(project, service!), project));
        return failure is { } f ? ApiError.Result(f.Code, f.Message) : TypedResults.Json(new JsonObject());
    }

    private static async Task<IResult> DeleteService(string project, string service, HttpContext context, EventPipeline pipeline, WebhookFiles webhooks)
    {
        var who = Audits.Who(context);
        var failure = await pipeline.Submit(ctx => Audited(ctx, ProjectChanges.DeleteService(ctx, project, service), who, "service.delete", Audits.ServicePath(project, service), project));
        webhooks.Invalidate(project);
        return failure is { } f ? ApiError.Result(f.Code, f.Message) : TypedResults.Json(new JsonObject { ["message"] = $"service {service} deleted" });
    }

    /// <summary>A change that succeeded commits with its audit entry; a refused one records none.</summary>
    private static (int Code, string Message)? Audited(WriteContext ctx, (int Code, string Message)? failure, string who, string action, string target, string? project)
    {
        if (failure is null)
        {
            ctx.Audit(who, action, target, project);
        }
        return failure;
    }

    private static async Task<IResult> ListStages(string project, HttpRequest request, IStore store)
    {
        if (!Paging.TryParse(request, 20, 100, out var paging, out var error))
        {
            return error!;
        }
        if (await store.GetProjectAsync(project) is not { } record)
        {
            return ApiError.NotFound($"project '{project}' does not exist");
        }
        var stages = ((JsonArray)(await ProjectViews.ProjectAsync(store, store, record))["stages"]!).Select(s => s!.DeepClone()).ToList();
        return TypedResults.Json(PageJson.Of("stages", stages, paging));
    }

    private static async Task<IResult> GetStage(string project, string stage, IStore store)
    {
        var (view, error) = await FindStageAsync(store, project, stage);
        return view is not null ? TypedResults.Json(view) : error!;
    }

    private static async Task<IResult> ListServices(string project, string stage, HttpRequest request, IStore store)
    {
        if (!Paging.TryParse(request, 20, 100, out var paging, out var pagingError))
        {
            return pagingError!;
        }
        var (view, error) = await FindStageAsync(store, project, stage);
        return view is not null
            ? TypedResults.Json(PageJson.Of("services", ((JsonArray)view["services"]!).Select(s => s!.DeepClone()).ToList(), paging))
            : error!;
    }

    private static async Task<IResult> GetService(string project, string stage, string service, IStore store)
    {
        var (view, error) = await FindStageAsync(store, project, stage);
        if (view is null)
        {
            return error!;
        }
        var found = ((JsonArray)view["services"]!).FirstOrDefault(s => s!["serviceName"]!.GetValue<string>() == service);
        return found is null ? ApiError.NotFound($"service '{service}' does not exist in stage '{stage}'") : TypedResults.Json(found.DeepClone());
    }

    private static async Task<(JsonObject? View, IResult? Error)> FindStageAsync(IStore store, string project, string stage)
    {
        if (await store.GetProjectAsync(project) is not { } record)
        {
            return (null, ApiError.NotFound($"project '{project}' does not exist"));
        }
        var view = ((JsonArray)(await ProjectViews.ProjectAsync(store, store, record))["stages"]!).OfType<JsonObject>().FirstOrDefault(s => s["stageName"]!.GetValue<string>() == stage);
        return view is null
            ? (null, ApiError.NotFound($"stage '{stage}' does not exist in project '{project}'"))
            : ((JsonObject)view.DeepClone(), null);
    }

    private static (string? Yaml, ShipyardSpec? Shipyard, string? Error) ReadShipyard(JsonObject body, bool required)
    {
        if (body["shipyard"] is null)
        {
            return required ? (null, null, "shipyard must be set: a base64-encoded shipyard.yaml") : (null, null, null);
        }
        if (body["shipyard"]!.GetValueKind() != JsonValueKind.String || Base64Text.Decode(body.GetStringOrNull("shipyard")) is not { } bytes)
        {
            return (null, null, "shipyard is not valid base64");
        }
        var yaml = Encoding.UTF8.GetString(bytes);
        try
        {
            return (yaml, ShipyardParser.Parse(yaml), null);
        }
        catch (ShipyardException e)
        {
            return (null, null, e.Message);
        }
    }
}
