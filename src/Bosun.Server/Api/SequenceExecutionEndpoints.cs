using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Bosun.Core.Shipyard;
using Bosun.Server.Engine;
using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>
/// Keptn's <c>GET /api/controlPlane/v1/sequence-execution</c> (shipyard-controller's sequenceexecutionhandler.go): the
/// executions of a project, newest first, narrowed by stage, service, sequence name, status and keptnContext. The Bridge
/// asks it which sequence blocks a stage. A current task's events are its <c>.finished</c> answers; Bosun keeps no
/// answer's source there, and a time only for the latest event (docs/api.md).
/// </summary>
internal static class SequenceExecutionEndpoints
{
    private static readonly string[] States = [.. Enum.GetValues<SequenceState>().Select(s => s.ToWire())];

    public static IEndpointRouteBuilder MapSequenceExecutionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/controlPlane/v1/sequence-execution", QueryAsync);
        return app;
    }

    private static async Task<IResult> QueryAsync(HttpRequest request, IStore store, ProjectCatalog catalog)
    {
        if (!Paging.TryParse(request, 50, 100, out var paging, out var error))
        {
            return error!;
        }
        var query = request.Query;
        if (query["project"].FirstOrDefault() is not { Length: > 0 } project)
        {
            return ApiError.BadRequest("the query parameter project is required");
        }
        var status = query["status"].FirstOrDefault();
        if (!string.IsNullOrEmpty(status) && !States.Contains(status, StringComparer.Ordinal))
        {
            return ApiError.BadRequest($"status '{status}' is not one of {string.Join(", ", States)}");
        }
        if (catalog.GetShipyard(project) is not { } shipyard)
        {
            return ApiError.NotFound($"project '{project}' does not exist");
        }
        var page = await store.QuerySequencesAsync(new SequenceQuery(project)
        {
            Stage = query["stage"].FirstOrDefault(),
            Service = query["service"].FirstOrDefault(),
            Name = query["name"].FirstOrDefault(),
            State = status,
            KeptnContext = query["keptnContext"].FirstOrDefault(),
            Offset = paging.Offset,
            PageSize = paging.PageSize,
        });
        return TypedResults.Ok(new SequenceExecutionPage([.. page.Items.Select(e => View(e, shipyard))],
            page.NextPageKey is null ? 0 : long.Parse(page.NextPageKey, System.Globalization.CultureInfo.InvariantCulture), page.PageSize, page.TotalCount));
    }

    private static SequenceExecutionView View(SequenceExecution execution, ShipyardSpec shipyard)
    {
        var spec = shipyard.FindStage(execution.Stage)?.FindSequence(execution.Sequence);
        var definition = new SequenceDefinitionView(execution.Sequence,
            [.. (spec?.Tasks ?? []).Select(t => new TaskDefinitionView(t.Name, t.TriggeredAfter is { } after ? GoDuration.Format(after) : null, t.Properties))]);
        var current = execution.Current is { } task
            ? new CurrentTaskView(task.Name, task.TriggeredId, [.. task.Finished.Select(f => new TaskEventView(
                KeptnEventType.TaskType(task.Name, "finished"), string.Empty, f.Result, f.Status,
                execution.LatestEvent is { } latest && latest.Id == f.EventId ? KeptnEventJson.FormatTime(latest.Time) : string.Empty, f.Data))])
            : new CurrentTaskView(string.Empty, string.Empty, []);
        var status = new SequenceExecutionStatusView(execution.State.ToWire(), execution.StateBeforePause?.ToWire() ?? string.Empty,
            [.. execution.Completed.Select(t => new TaskResultView(t.Name, t.TriggeredId, t.Result, t.Status, t.Properties))], current);
        var labels = execution.InputData["labels"] is JsonObject given
            ? given.Where(l => l.Value is JsonValue).ToDictionary(l => l.Key, l => l.Value!.ToString(), StringComparer.Ordinal)
            : [];
        var scope = new EventScopeView(execution.Project, execution.Stage, execution.Service, labels, execution.KeptnContext,
            execution.Current?.TriggeredId ?? execution.Id, execution.InputData.GetString("gitcommitid") ?? string.Empty, execution.LatestEvent?.Type ?? string.Empty);
        return new SequenceExecutionView(execution.Id, "1", definition, status, scope, execution.InputData, KeptnEventJson.FormatTime(execution.TriggeredAt));
    }
}
