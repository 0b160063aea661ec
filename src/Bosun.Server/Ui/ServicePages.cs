using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Server.Api;
using Bosun.Server.Engine;
using Bosun.Server.Ui.Components;
using Bosun.Server.Workers;
using Bosun.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bosun.Server.Ui;

/// <summary>
/// A service's pages (DESIGN §6): its history, and its evaluations in a stage: the heatmap and score chart, and the two forms of an explained
/// evaluation: re-run it over the same window with the same labels (landing on the new sequence's page), and
/// invalidate it with a reason (an <c>evaluation.invalidated</c> sharing its <c>triggeredid</c>, spec/keptn.md §6.3,
/// so later gates stop comparing with it).
/// </summary>
internal static class ServicePages
{
    /// <summary>The CloudEvent source of what the UI sends on its own behalf.</summary>
    public const string UiSource = "https://github.com/bosun/ui";
    public const int MaxReason = 500;

    public static string PathOf(string project, string service) =>
        $"/projects/{Uri.EscapeDataString(project)}/services/{Uri.EscapeDataString(service)}/evaluations";

    public static IEndpointRouteBuilder MapServicePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projects/{project}/services/{service}", HistoryAsync);
        app.MapGet("/projects/{project}/services/{service}/evaluations", PageAsync);
        app.MapPost("/projects/{project}/services/{service}/evaluations/rerun", RerunAsync).DisableAntiforgery();
        app.MapPost("/projects/{project}/services/{service}/evaluations/invalidate", InvalidateAsync).DisableAntiforgery();
        return app;
    }

    /// <summary>What both pages do first: the session (else sign in), the project and its service (else 404), its stages.</summary>
    private static async Task<(IResult? Refused, string Token, List<string> Stages)> OpenAsync(string project, string service, HttpContext context, UiSession session, IStore store, ProjectCatalog catalog)
    {
        if (UiPages.SessionOf(context, session) is not { } id)
        {
            return (UiPages.ToLogin(context), "", []);
        }
        var token = session.FormToken(id);
        return await UiPages.FindServiceAsync(store, catalog, project, service, token) is { } missing
            ? (missing, token, [])
            : (null, token, [.. catalog.GetShipyard(project)!.Stages.Select(s => s.Name)]);
    }

    private static async Task<IResult> HistoryAsync(string project, string service, HttpContext context, UiSession session, IStore store, ProjectCatalog catalog)
    {
        var (refused, token, stages) = await OpenAsync(project, service, context, session, store, catalog);
        if (refused is not null)
        {
            return refused;
        }
        return new RazorComponentResult<ServiceHistoryPage>(new { View = await ServiceHistoryData.BuildAsync(store, project, service, stages), FormToken = token });
    }

    private static async Task<IResult> PageAsync(string project, string service, HttpContext context, UiSession session, IStore store, ProjectCatalog catalog)
    {
        var (refused, token, stages) = await OpenAsync(project, service, context, session, store, catalog);
        if (refused is not null)
        {
            return refused;
        }
        var (filter, error) = EvaluationFilter.Parse(context.Request.Query, stages);
        if (filter is null)
        {
            return UiPages.Message("Bad filter", error!, token, StatusCodes.Status400BadRequest);
        }
        return new RazorComponentResult<EvaluationsPage>(new { View = await EvaluationsPageData.BuildAsync(store, project, service, stages, filter), FormToken = token });
    }

    private static async Task<IResult> RerunAsync(string project, string service, HttpContext context, UiSession session, IStore store, ProjectCatalog catalog, EventIngest ingest, TimeProvider time)
    {
        if (await UiPages.FormCheck(context, session) is { } refused)
        {
            return refused;
        }
        var form = await context.Request.ReadFormAsync();
        if (await FinishedAsync(store, project, service, form["event"].FirstOrDefault()) is not { } finished)
        {
            return ApiError.NotFound($"event: service '{service}' of project '{project}' has no such evaluation");
        }
        var evaluation = finished.Data["evaluation"] as JsonObject ?? [];
        if (TimeParam.Stored(evaluation.GetString("timeStart")) is not { } start || TimeParam.Stored(evaluation.GetString("timeEnd")) is not { } end)
        {
            return ApiError.BadRequest("event: that evaluation does not say its window (evaluation.timeStart and timeEnd), so it cannot be re-run");
        }
        if (finished.Stage is not { } stage || catalog.GetShipyard(project)?.FindStage(stage) is null)
        {
            return ApiError.NotFound($"stage '{finished.Stage}' of that evaluation is no longer in the project's shipyard");
        }
        var labels = finished.Data["labels"] is JsonObject given ? (JsonObject)given.DeepClone() : [];
        var now = time.GetUtcNow();
        var outcome = await ingest.SubmitAsync(EvaluationTrigger.Build(UiSource, project, stage, service, labels, (start, end), finished.GitCommitId, now),
            audit: Access.Audits.Of(context, now, "evaluation.rerun", $"projects/{project}/stages/{stage}/services/{service}/evaluations/{finished.Id}", project));
        return outcome.KeptnContext is null
            ? ApiError.Result(outcome.ErrorCode, outcome.ErrorMessage!)
            : TypedResults.Redirect($"/projects/{Uri.EscapeDataString(project)}/sequences/{Uri.EscapeDataString(outcome.KeptnContext)}");
    }

    private static async Task<IResult> InvalidateAsync(string project, string service, HttpContext context, UiSession session, IStore store, EventIngest ingest, TimeProvider time)
    {
        if (await UiPages.FormCheck(context, session) is { } refused)
        {
            return refused;
        }
        var form = await context.Request.ReadFormAsync();
        var reason = form["reason"].FirstOrDefault()?.Trim() ?? "";
        if (reason.Length is 0 or > MaxReason)
        {
            return ApiError.BadRequest($"reason: say why the evaluation is invalid, in 1 to {MaxReason} characters");
        }
        if (await FinishedAsync(store, project, service, form["event"].FirstOrDefault()) is not { TriggeredId: { } triggeredId } finished)
        {
            return ApiError.NotFound($"event: service '{service}' of project '{project}' has no such evaluation");
        }
        var now = time.GetUtcNow();
        var data = new JsonObject { ["project"] = project, ["stage"] = finished.Stage, ["service"] = service, ["message"] = reason };
        var outcome = await ingest.SubmitAsync(new KeptnEvent(EventIds.New(now), UiSource, EvaluationsPageData.Invalidated, finished.KeptnContext, triggeredId, now, data),
            audit: Access.Audits.Of(context, now, "evaluation.invalidate", $"projects/{project}/stages/{finished.Stage}/services/{service}/evaluations/{finished.Id}", project));
        if (outcome.KeptnContext is null)
        {
            return ApiError.Result(outcome.ErrorCode, outcome.ErrorMessage!);
        }
        var back = new EvaluationFilter { Stage = finished.Stage ?? "", Explain = finished.Id };
        return TypedResults.Redirect(back.Link(project, service));
    }

    private static async Task<KeptnEvent?> FinishedAsync(IStore store, string project, string service, string? id) =>
        string.IsNullOrWhiteSpace(id) ? null
        : (await store.QueryEventsAsync(new EventQuery { Type = EvaluationsPageData.Finished, Project = project, Service = service, EventId = id.Trim(), PageSize = 1, CountTotal = false })).Items.FirstOrDefault();
}
