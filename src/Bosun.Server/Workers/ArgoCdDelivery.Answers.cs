using System.Text;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Integrations.ArgoCd;
using Bosun.Server.Engine;
using Bosun.Server.Hosting.Telemetry;
using Bosun.Storage;

namespace Bosun.Server.Workers;

internal sealed partial class ArgoCdDelivery
{
    /// <summary>
    /// The app of a delivery: named by the task property <c>application</c> or <c>labels.appname</c>, else the one
    /// app labelled with the event's project, service and stage. Failures name the app and quote Argo CD.
    /// </summary>
    private async Task<ArgoApp> ResolveAsync(DeliveryJob job, CancellationToken cancel)
    {
        var request = job.Request;
        ArgoApp app;
        if (request.Application is { } name)
        {
            try
            {
                app = new ArgoApp(await client.GetAsync(name, request.ArgoProject ?? feed.Latest(name)?.Project, cancel));
            }
            catch (ArgoCdException e)
            {
                throw new ArgoCdException(e.Kind, e.Status, e.Kind switch
                {
                    ArgoCdErrorKind.NotFound when request.ArgoProject is { } project =>
                        $"Argo CD app {name} was not found in Argo CD project {project} (Argo CD answered {e.Status}: {e.Message})",
                    ArgoCdErrorKind.PermissionDenied =>
                        $"Argo CD app {name} does not exist or the token may not read it (Argo CD answered {e.Status}: {e.Message})",
                    ArgoCdErrorKind.Unauthorized => $"Argo CD rejected the token while reading app {name} (Argo CD answered {e.Status}: {e.Message})",
                    ArgoCdErrorKind.Unavailable => $"Argo CD app {name} could not be read: {e.Message}",
                    _ => $"Argo CD app {name} could not be read (Argo CD answered {e.Status}: {e.Message})",
                }, e);
            }
            if (app.Label("keptnProject") is { } owner && owner != request.Project)
            {
                throw new ArgoCdException(ArgoCdErrorKind.Rejected, 0, $"Argo CD app {name} is labelled keptnProject={owner}, not {request.Project}; Bosun does not deploy another project's app");
            }
        }
        else
        {
            var selector = $"keptnProject={request.Project},keptnService={request.Service},stage={request.Stage}";
            IReadOnlyList<System.Text.Json.Nodes.JsonObject> found;
            try
            {
                found = await client.ListAsync(request.ArgoProject, selector, cancel);
            }
            catch (ArgoCdException e)
            {
                throw new ArgoCdException(e.Kind, e.Status, e.Kind == ArgoCdErrorKind.Unavailable
                    ? $"listing Argo CD apps labelled {selector} failed: {e.Message}"
                    : $"listing Argo CD apps labelled {selector} failed (Argo CD answered {e.Status}: {e.Message})", e);
            }
            app = found.Count switch
            {
                1 => new ArgoApp(found[0]),
                0 => throw new ArgoCdException(ArgoCdErrorKind.NotFound, 0,
                    $"no Argo CD app is labelled {selector}; label the app or set the task property {request.Task}.application"),
                _ => throw new ArgoCdException(ArgoCdErrorKind.Rejected, 0,
                    $"{found.Count} Argo CD apps are labelled {selector} ({string.Join(", ", found.Select(a => new ArgoApp(a).Name))}); set the task property {request.Task}.application"),
            };
        }
        if (job.IsRollback)
        {
            await ChooseRollbackAsync(job, app);
        }
        return app;
    }

    /// <summary>
    /// Rollback target (issue 3 item 4): the newest revision Bosun saw delivered with <c>pass</c> in this stage
    /// (another context), if the app's history still has it; else the newest history entry at another revision
    /// than the one that failed.
    /// </summary>
    private async Task ChooseRollbackAsync(DeliveryJob job, ArgoApp app)
    {
        var request = job.Request;
        var history = app.History.Select(h => (Id: h["id"]?.GetValue<long>() ?? -1, Revision: h.GetString("revision")))
            .Where(h => h.Id >= 0 && h.Revision is not null).OrderByDescending(h => h.Id).ToList();
        // A remediation's rollback names no revision: it leaves the one deployed now.
        var failed = request.Revision ?? app.ResultRevision ?? history.FirstOrDefault().Revision;
        var passed = (await Store.QueryEventsAsync(new EventQuery
        {
            Type = KeptnEventType.TaskType(DeliverTask, "finished"),
            Project = request.Project,
            Stage = request.Stage,
            Service = request.Service,
            Results = [KeptnResult.Pass],
            PageSize = 50,
        })).Items.Where(e => e.KeptnContext != request.KeptnContext)
            .Select(e => e.Data.GetPath("argocd.revision") ?? e.Data.GetPath("deployment.gitCommit") ?? e.Data.GetPath("labels.version"))
            .Where(r => r is not null && r != failed);
        foreach (var revision in passed)
        {
            if (history.FirstOrDefault(h => h.Revision == revision) is { Id: >= 0 } entry && entry.Revision is not null)
            {
                job.RollbackId = entry.Id;
                job.Request = request with { Revision = entry.Revision };
                return;
            }
        }
        var previous = history.FirstOrDefault(h => h.Revision != failed);
        if (previous.Revision is null)
        {
            throw new ArgoCdException(ArgoCdErrorKind.Rejected, 0, $"the history of Argo CD app {app.Name} has no revision other than {failed ?? "the current one"} to roll back to");
        }
        job.RollbackId = previous.Id;
        job.Request = request with { Revision = previous.Revision };
    }

    /// <summary>
    /// A project that keeps the original webhook.yaml for deliveries answers them there (DESIGN decision 7). Built-in
    /// remediation actions are always Bosun's: webhooks on <c>action.triggered</c> get every other action.
    /// </summary>
    private async Task<bool> LeftToWebhookAsync(DeliveryRequest request)
    {
        if (request.Action is not null)
        {
            return false;
        }
        var type = KeptnEventType.TaskType(request.Task, "triggered");
        foreach (var (stage, service) in new[] { (request.Stage, request.Service), (request.Stage, string.Empty), (string.Empty, string.Empty) })
        {
            if ((await webhookFiles.GetAsync(request.Project, stage, service))?.Webhooks.Any(w => w.Type == type) == true)
            {
                return true;
            }
        }
        return false;
    }

    private Task SendAsync(DeliveryJob job, string kind, string result, string status, string message, ArgoApp? app)
    {
        var request = job.Request;
        var data = new JsonObject
        {
            ["project"] = request.Project,
            ["stage"] = request.Stage,
            ["service"] = request.Service,
            ["status"] = status,
            ["result"] = result,
            ["message"] = message,
        };
        if (app is not null && kind == "finished")
        {
            var urls = app.ExternalUrls.Count > 0 ? app.ExternalUrls : app.Annotation("externalURI") is { Length: > 0 } uri ? [uri] : [];
            var revision = app.ResultRevision ?? request.Revision;
            data["deployment"] = new JsonObject
            {
                ["deploymentNames"] = new JsonArray(JsonValue.Create(app.Name)),
                ["deploymentURIsPublic"] = new JsonArray(urls.Select(u => (JsonNode)JsonValue.Create(u)!).ToArray()),
                ["deploymentURIsLocal"] = new JsonArray(),
                ["deploymentstrategy"] = "user_managed",
                ["gitCommit"] = revision,
            };
            data["argocd"] = new JsonObject
            {
                ["application"] = app.Name,
                ["project"] = app.Project,
                ["revision"] = revision,
                ["images"] = new JsonArray(app.Images.Select(i => (JsonNode)JsonValue.Create(i)!).ToArray()),
                ["syncStatus"] = app.SyncStatus,
                ["health"] = app.HealthStatus,
                ["phase"] = app.Phase,
            };
        }
        var now = time.GetUtcNow();
        var evt = new KeptnEvent(EventIds.Derived($"{Source}/{request.TriggeredId}/{kind}"), Source,
            KeptnEventType.TaskType(request.Task, kind), request.KeptnContext, request.TriggeredId, now, data);
        // The .finished ends the delivery's work row in its own commit.
        return ingest.SubmitAsync(evt, endsWork: kind == "finished" ? job.End : null);
    }

    private async Task FinishAsync(DeliveryJob job, string result, string status, string message, ArgoApp? app)
    {
        await SendAsync(job, "finished", result, status, message, app);
        job.Answered = true;
        Observe(job, result, status, app);
        Finished(log, job.Request.Task, app?.Name ?? job.Request.Application ?? "(no app)", result, status, message, job.Request.KeptnContext);
    }

    /// <summary>
    /// DESIGN §7: the delivery's outcome and latency as metrics, and its two waits as spans under the task: Argo CD's
    /// sync operation (its own startedAt/finishedAt) and the wait from its end to the answer (health).
    /// </summary>
    private void Observe(DeliveryJob job, string result, string status, ArgoApp? app)
    {
        var now = time.GetUtcNow();
        var request = job.Request;
        var outcome = status == KeptnStatus.Errored ? KeptnStatus.Errored : result;
        metrics.RecordArgoCdSync(outcome, now - request.TriggeredAt);
        if (app is null)
        {
            return;
        }
        var tags = new (string, object?)[] { ("argocd.application", app.Name), ("argocd.revision", app.ResultRevision ?? request.Revision) };
        // Argo CD's times are whole seconds: a sync that began in the task's first second is shown from the task's start.
        if (app.StartedAt is { } operation && operation >= request.TriggeredAt.AddSeconds(-1))
        {
            var started = operation < request.TriggeredAt ? request.TriggeredAt : operation;
            var synced = app.FinishedAt is { } finished && finished > started ? finished : app.FinishedAt is null ? now : started;
            TaskWork.Record("argocd sync", job.Triggered, started, synced,
                app.Phase is "Failed" or "Error" ? app.OperationMessage ?? app.Phase : null, [.. tags, ("argocd.sync.phase", app.Phase)]);
            if (synced < now)
            {
                TaskWork.Record("argocd health", job.Triggered, synced, now,
                    result == KeptnResult.Pass ? null : job.Progress.LastReason, [.. tags, ("argocd.health.status", app.HealthStatus)]);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Argo CD {Task} of {App}: {Result}/{Status}: {Message} (context {KeptnContext})")]
    private static partial void Finished(ILogger log, string task, string app, string result, string status, string message, string keptnContext);
}
