using System.Text.Json.Nodes;
using Bosun.Server.Engine;
using Bosun.Server.Workers;
using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>Sequence states and control under <c>/api/controlPlane/v1/sequence</c> (spec §3.8, §3.9).</summary>
internal static class SequenceEndpoints
{
    public static IEndpointRouteBuilder MapSequenceEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/controlPlane/v1/sequence");
        api.MapGet("/{project}", GetStates);
        api.MapPost("/{project}/{keptnContext}/control", Control);
        return app;
    }

    private static async Task<IResult> GetStates(string project, HttpRequest request, IStore store, ProjectCatalog catalog)
    {
        if (!Paging.TryParse(request, 20, 50, out var paging, out var error))
        {
            return error!;
        }
        if (catalog.GetShipyard(project) is null)
        {
            return ApiError.NotFound($"project '{project}' does not exist");
        }
        if (!TimeParam.TryParseRange(request, out var from, out var before, out var timeError))
        {
            return timeError!;
        }
        var contexts = request.Query["keptnContext"].FirstOrDefault()?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var state = request.Query["state"].FirstOrDefault();
        var page = await store.QueryContextsAsync(new ContextQuery(project) { Contexts = contexts, Name = request.Query["name"].FirstOrDefault(), FromTime = from, BeforeTime = before, Offset = paging.Offset, PageSize = paging.PageSize });
        // The state filter applies within the page: a context's state is derived from its executions.
        var states = page.Items.Select(SequenceViews.State)
            .Where(s => string.IsNullOrEmpty(state) || s["state"]!.GetValue<string>() == state)
            .ToList<JsonNode>();
        return TypedResults.Json(PageJson.Of("states", new Page<JsonNode>(states, page.TotalCount, page.PageSize, page.NextPageKey), s => s, PageKey.Integer));
    }

    private static async Task<IResult> Control(string project, string keptnContext, HttpRequest request, EventPipeline pipeline, IStore store, ProjectCatalog catalog)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request);
        if (error is not null)
        {
            return error;
        }
        if (SequenceControl.Parse(body!.GetStringOrNull("state")) is not { } state)
        {
            return ApiError.BadRequest(SequenceControl.StateMustBe);
        }
        var outcome = await SequenceControl.SendAsync(Access.Audits.Who(request.HttpContext), pipeline, store, catalog, project, keptnContext, state, body!.GetStringOrNull("stage"));
        return outcome.Done ? TypedResults.Json(new JsonObject()) : ApiError.Result(outcome.Code, outcome.Message!);
    }
}
