using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Evaluation;
using Bosun.Server.Engine;
using Bosun.Server.Workers;

namespace Bosun.Server.Api;

/// <summary>
/// <c>POST /api/controlPlane/v1/project/{p}/stage/{s}/service/{svc}/evaluation</c> (spec/keptn.md §4.2): starts the
/// implicit <c>evaluation</c> sequence of the stage for a window given by start/end/timeframe (default: the last 5m).
/// </summary>
internal static class EvaluationEndpoints
{
    public const string ApiSource = "https://github.com/keptn/keptn/api";

    public static IEndpointRouteBuilder MapEvaluationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/controlPlane/v1/project/{project}/stage/{stage}/service/{service}/evaluation", TriggerAsync);
        return app;
    }

    private static async Task<IResult> TriggerAsync(string project, string stage, string service, HttpRequest request,
        ProjectCatalog catalog, EventIngest ingest, TimeProvider time)
    {
        JsonObject body = [];
        if (request.ContentLength is not 0)
        {
            var (parsed, error) = await JsonBody.ReadObjectAsync(request);
            if (error is not null)
            {
                return error;
            }
            body = parsed!;
        }
        var shipyard = catalog.GetShipyard(project);
        if (shipyard is null)
        {
            return ApiError.NotFound($"project not found: {project}");
        }
        if (shipyard.FindStage(stage) is null)
        {
            return ApiError.NotFound($"stage not found: {stage}");
        }
        if (!catalog.ServiceExists(project, stage, service))
        {
            return ApiError.NotFound($"service not found: {service}");
        }
        if (body.NonStringField("start", "end", "timeframe", "gitcommitid") is { } field)
        {
            return ApiError.BadRequest($"{field} must be a string");
        }
        var labels = new JsonObject();
        if (body["labels"] is { } labelNode && labelNode.GetValueKind() != JsonValueKind.Null)
        {
            if (labelNode is not JsonObject given)
            {
                return ApiError.BadRequest("labels must be an object of strings");
            }
            foreach (var (key, value) in given)
            {
                if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                {
                    return ApiError.BadRequest($"labels.{key} must be a string");
                }
                labels[key] = v.GetValue<string>();
            }
        }
        var now = time.GetUtcNow();
        (DateTimeOffset Start, DateTimeOffset End) window;
        try
        {
            window = EvaluationTimeframe.FromRequest(body.GetStringOrNull("start"), body.GetStringOrNull("end"), body.GetStringOrNull("timeframe"), now);
        }
        catch (SloException e)
        {
            return ApiError.BadRequest(e.Message);
        }
        var evt = EvaluationTrigger.Build(ApiSource, project, stage, service, labels, window, body.GetStringOrNull("gitcommitid"), now);
        var outcome = await ingest.SubmitAsync(evt, fromClient: true,
            audit: Access.Audits.Of(request.HttpContext, now, "evaluation.trigger", $"projects/{project}/stages/{stage}/services/{service}", project));
        return outcome.KeptnContext is null
            ? ApiError.Result(outcome.ErrorCode, outcome.ErrorMessage!)
            : TypedResults.Json(new JsonObject { ["keptnContext"] = outcome.KeptnContext });
    }
}
