using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Remediation;
using Bosun.Core.Sequences;
using Bosun.Server.Engine;
using Bosun.Server.Workers;

using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>
/// Alertmanager's webhook receiver (issue 6 item 5): <c>POST /api/v1/alertmanager</c> turns each firing alert into
/// a <c>sh.keptn.event.&lt;stage&gt;.remediation.triggered</c> for the project, stage and service its labels name.
/// Context and event id derive from the alert's fingerprint and start, so Alertmanager's repeated notifications
/// of one firing start one remediation (the store accepts an id once, across restarts); a resolved alert is
/// recorded in that context as Keptn's <c>sh.keptn.events.problem</c> with state <c>RESOLVED</c>. A notification
/// with an unusable alert starts nothing. The token may come in the URL (<c>?token=</c>) or as a bearer token,
/// since Alertmanager's webhook config cannot send <c>x-token</c>.
/// </summary>
internal static class AlertmanagerEndpoints
{
    public const string Path = "/api/v1/alertmanager";
    public const string Source = "alertmanager";
    public const string Sequence = "remediation";
    public const string ProblemType = "sh.keptn.events.problem";

    public static IEndpointRouteBuilder MapAlertmanagerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ReceiveAsync);
        return app;
    }

    /// <summary>The token Alertmanager can present: <c>Authorization: Bearer …</c> or <c>?token=…</c>.</summary>
    public static string? PresentedToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.FirstOrDefault();
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        return request.Query["token"].FirstOrDefault();
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, ProjectCatalog catalog, IStore store, EventIngest ingest, TimeProvider time)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request);
        if (error is not null)
        {
            return error;
        }
        var alerts = AlertmanagerAlert.Parse(body!, out var invalid);
        if (invalid is not null)
        {
            return ApiError.BadRequest(invalid);
        }
        for (var i = 0; i < alerts.Count; i++)
        {
            if (Unknown(catalog, alerts[i]) is { } missing)
            {
                return ApiError.NotFound($"alerts[{i}]: {missing}");
            }
        }
        var answers = new JsonArray();
        foreach (var alert in alerts)
        {
            answers.Add(await ReceiveAlertAsync(alert, store, ingest, time.GetUtcNow(), request.HttpContext));
        }
        return TypedResults.Json(new JsonObject { ["alerts"] = answers });
    }

    private static async Task<JsonObject> ReceiveAlertAsync(AlertmanagerAlert alert, IStore store, EventIngest ingest, DateTimeOffset now, HttpContext http)
    {
        var seed = $"{Source}/{alert.Project}/{alert.Occurrence}";
        var context = EventIds.Derived(seed);
        var answer = new JsonObject { ["fingerprint"] = alert.Fingerprint, ["status"] = alert.Status, ["keptnContext"] = context };
        if (alert.IsFiring)
        {
            var triggered = new KeptnEvent(EventIds.Derived(seed + "/firing"), Source,
                KeptnEventType.SequenceType(alert.Stage, Sequence, "triggered"), context, null, now, alert.RemediationData());
            var outcome = await ingest.SubmitAsync(triggered, audit: Access.Audits.OfEvent(http, now, triggered));
            answer["outcome"] = outcome.Duplicate ? "remediation already started" : "remediation started";
            return answer;
        }
        if (!await store.ContextExistsAsync(alert.Project, context))
        {
            answer["outcome"] = "ignored: no remediation was started for this firing";
            return answer;
        }
        var resolved = new KeptnEvent(EventIds.Derived(seed + "/resolved"), Source, ProblemType, context, null, now, alert.ResolvedData());
        await ingest.SubmitAsync(resolved);
        answer["outcome"] = "resolved recorded";
        return answer;
    }

    private static string? Unknown(IProjectCatalog catalog, AlertmanagerAlert alert)
    {
        var shipyard = catalog.GetShipyard(alert.Project);
        var stage = shipyard?.FindStage(alert.Stage);
        return shipyard is null ? $"project '{alert.Project}' (label project) does not exist"
            : stage is null ? $"stage '{alert.Stage}' (label stage) is not defined in the shipyard of project {alert.Project}"
            : !catalog.ServiceExists(alert.Project, alert.Stage, alert.Service) ? $"service '{alert.Service}' (label service) does not exist in stage {alert.Stage}"
            : stage.FindSequence(Sequence) is null ? $"stage {alert.Stage} of project {alert.Project} has no {Sequence} sequence to start"
            : null;
    }
}
