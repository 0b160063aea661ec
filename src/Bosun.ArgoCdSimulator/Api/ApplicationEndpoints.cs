using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.ArgoCdSimulator.Model;

namespace Bosun.ArgoCdSimulator.Api;

/// <summary>The Argo CD application API the simulator serves (spec/argocd.md A1).</summary>
internal static class ApplicationEndpoints
{
    public static IEndpointRouteBuilder MapApplicationEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapGet("/applications", List);
        api.MapGet("/applications/{name}", Get);
        api.MapPost("/applications/{name}/sync", Sync);
        api.MapPost("/applications/{name}/rollback", Rollback);
        api.MapDelete("/applications/{name}/operation", Terminate);
        api.MapGet("/applications/{name}/revisions/{revision}/metadata", RevisionMetadata);
        api.MapGet("/stream/applications", Stream);
        return app;
    }

    private static string? Project(HttpRequest request) =>
        request.Query["projects"].FirstOrDefault() ?? request.Query["project"].FirstOrDefault();

    private static IResult List(HttpRequest request, ArgoCdSimulation sim) => TypedResults.Json(new JsonObject
    {
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray(sim.List(Project(request), request.Query["selector"].FirstOrDefault()).Select(a => (JsonNode)a).ToArray()),
    });

    private static IResult Get(string name, HttpRequest request, ArgoCdSimulation sim) =>
        Run(() => TypedResults.Json(sim.Get(name, Project(request))));

    private static IResult RevisionMetadata(string name, string revision, HttpRequest request, ArgoCdSimulation sim) =>
        Run(() => TypedResults.Json(sim.RevisionMetadata(name, revision, Project(request))));

    private static async Task<IResult> Sync(string name, HttpRequest request, ArgoCdSimulation sim)
    {
        var body = await ReadAsync(request);
        if (body.Error is not null)
        {
            return body.Error;
        }
        return Run(() => TypedResults.Json(sim.Sync(name, SyncRequest.From(body.Json), User(request))));
    }

    private static async Task<IResult> Rollback(string name, HttpRequest request, ArgoCdSimulation sim)
    {
        var body = await ReadAsync(request);
        if (body.Error is not null)
        {
            return body.Error;
        }
        if (body.Json?["id"] is not JsonValue id || !long.TryParse(id.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var historyId))
        {
            return ArgoError.Of(SimulatorError.InvalidArgument("rollback needs a history id in 'id'"));
        }
        return Run(() => TypedResults.Json(sim.Rollback(name, historyId, body.Json["project"]?.GetValue<string>(), User(request))));
    }

    private static IResult Terminate(string name, HttpRequest request, ArgoCdSimulation sim) => Run(() =>
    {
        sim.Terminate(name, Project(request));
        return TypedResults.Json(new JsonObject());
    });

    /// <summary>Newline-delimited JSON, one <c>{"result": …}</c> per line, flushed as events come.</summary>
    private static async Task Stream(HttpContext context, ArgoCdSimulation sim)
    {
        var request = context.Request;
        var reader = sim.Watch(Project(request), request.Query["selector"].FirstOrDefault(), request.Query["name"].FirstOrDefault(), context.RequestAborted);
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(context.RequestAborted);
        try
        {
            await foreach (var evt in reader.ReadAllAsync(context.RequestAborted))
            {
                await context.Response.WriteAsync(evt.ToJson().ToJsonString() + "\n", Encoding.UTF8, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string User(HttpRequest request) => request.HttpContext.Items["user"] as string ?? "admin";

    private static IResult Run(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (SimulatorError e)
        {
            return ArgoError.Of(e);
        }
    }

    private static async Task<(JsonObject? Json, IResult? Error)> ReadAsync(HttpRequest request)
    {
        try
        {
            return request.ContentLength is 0 ? (null, null) : (await JsonNode.ParseAsync(request.Body) as JsonObject, null);
        }
        catch (JsonException e)
        {
            return (null, ArgoError.Of(SimulatorError.InvalidArgument($"invalid request body: {e.Message}")));
        }
    }
}
