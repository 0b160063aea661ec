using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Webhooks;
using Bosun.Integrations.ArgoCd;
using Bosun.Integrations.Webhooks;
using Bosun.Server.Engine;
using Bosun.Server.Hosting;
using Bosun.Server.Hosting.Telemetry;
using Bosun.Server.Secrets;
using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// Keptn's webhook-service, built in (issue 4, spec/keptn.md §5): for each committed event it finds the
/// <c>webhook/webhook.yaml</c> entries that answer it, renders their requests, sends them through the
/// <see cref="WebhookSender"/> and, for task <c>.triggered</c> events, answers with <c>.started</c>/<c>.finished</c>
/// as §5.5–§5.6 say. Each matching entry is one work row (its key names the entry), so a request in flight when the
/// process died is sent again by the next process to claim the row: delivery is at least once, and the payload's
/// <c>triggeredid</c> lets a receiver de-duplicate. Answers carry ids derived from the task, the webhook and the
/// request, so a task is answered once however often its requests ran.
/// </summary>
internal sealed partial class WebhookIntegration(
    IStore store,
    WebhookFiles webhookFiles,
    EventIngest ingest,
    WebhookSender sender,
    SecretVault secrets,
    BosunOptions options,
    BosunMetrics metrics,
    TimeProvider time,
    ILogger<WebhookIntegration> log) : IWorkIntegration
{
    public const string Source = "webhook-service";

    public string Name => Source;


    public IReadOnlyList<string> Subscriptions => ["sh.keptn.event.<task>.triggered, as each webhook.yaml subscribes"];

    public async Task<IReadOnlyList<string>> SelectAsync(KeptnEvent evt, CancellationToken cancellationToken) =>
        (await MatchAsync(evt)).Select(m => m.Key).ToList();

    public async Task<WorkResult> RunAsync(WorkClaim claim, WorkEnd end, CancellationToken cancellationToken)
    {
        var evt = claim.Event;
        var type = KeptnEventType.Parse(evt.Type);
        var isTask = type.IsTask && type.Kind == EventKind.Triggered;
        if (claim.Attempts > 1 && isTask && !await IsOpenAsync(evt, cancellationToken))
        {
            // Answered before the process that held it stopped: nothing is left to do.
            return WorkResult.Done;
        }
        var match = (await MatchAsync(evt)).FirstOrDefault(m => m.Key == claim.Key);
        if (match is null)
        {
            // The file changed between the hand-over and now; a task must still be answered.
            var message = $"webhook {claim.Key} ({evt.Type}) is no longer configured in {Api.ResourceEndpoints.WebhookFile}";
            RequestFailed(log, message, evt.KeptnContext);
            if (isTask)
            {
                var failed = KeptnAnswer.Data(evt.Data);
                failed["status"] = KeptnStatus.Errored;
                failed["result"] = KeptnResult.Fail;
                failed["message"] = message;
                await AnswerAsync(evt, type.Name, claim.Key, "finished/0", "finished", failed, end);
                return WorkResult.Answered;
            }
            return WorkResult.Done;
        }
        return await RunAsync(evt, match, end, cancellationToken) ? WorkResult.Answered : WorkResult.Done;
    }

    private async Task<bool> IsOpenAsync(KeptnEvent triggered, CancellationToken cancellationToken) =>
        (await store.QueryOpenTasksAsync(new OpenTaskQuery(triggered.Type, null, null, null, triggered.Id, 0, 1), cancellationToken)).Items.Count > 0;

    private async Task<IReadOnlyList<WebhookMatch>> MatchAsync(KeptnEvent evt)
    {
        if (evt.Source == Source || evt.Project is not { Length: > 0 } project || evt.Stage is not { Length: > 0 } stage || evt.Service is not { Length: > 0 } service)
        {
            return [];
        }
        var files = new List<(WebhookLevel, WebhookConfig)>();
        foreach (var (level, s, svc) in new[] { (WebhookLevel.Service, stage, service), (WebhookLevel.Stage, stage, string.Empty), (WebhookLevel.Project, string.Empty, string.Empty) })
        {
            if (await webhookFiles.GetAsync(project, s, svc) is { } config)
            {
                files.Add((level, config));
            }
        }
        if (files.Count == 0 || !files.Any(f => f.Item2.Webhooks.Any(w => w.Type == evt.Type)) || IsBuiltInAction(evt))
        {
            return [];
        }
        // Subscription filters (v1beta1's subscriptionID) are read only when a matching webhook names one.
        var subscriptions = files.Any(f => f.Item2.Webhooks.Any(w => w.Type == evt.Type && !string.IsNullOrEmpty(w.SubscriptionId)))
            ? await SubscriptionsAsync()
            : [];
        return WebhookMatcher.Match(files, evt.Type, project, stage, service, id => subscriptions.GetValueOrDefault(id));
    }

    /// <summary>A <c>rollback</c>/<c>sync</c> remediation action is the Argo CD integration's when it is on (issue 6 item 4).</summary>
    private bool IsBuiltInAction(KeptnEvent evt) =>
        !string.IsNullOrEmpty(options.ArgoCdUrl)
        && evt.Type == KeptnEventType.TaskType(DeliveryRequest.ActionTask, "triggered")
        && DeliveryRequest.BuiltInAction(evt) is not null;

    private async Task<string> SecretAsync(EnvFromSecret entry)
    {
        IReadOnlyDictionary<string, string>? values;
        try
        {
            values = await secrets.OpenAsync(entry.SecretName, SecretReader.Webhooks);
        }
        catch (SecretScopeException e)
        {
            throw new WebhookException($"{e.Message} (envFrom {entry.Name})");
        }
        return values is null ? throw new WebhookException($"the secret '{entry.SecretName}' does not exist (envFrom {entry.Name})")
            : values.TryGetValue(entry.SecretKey, out var value) ? value
            : throw new WebhookException($"the secret '{entry.SecretName}' has no key '{entry.SecretKey}' (envFrom {entry.Name})");
    }

    /// <summary>DESIGN §7: a webhook request carries W3C <c>traceparent</c>, unless its webhook.yaml sets one itself.</summary>
    private static HttpRequestSpec WithTraceParent(HttpRequestSpec request, string? traceParent) =>
        traceParent is null || request.Headers.Any(h => h.Key.Equals("traceparent", StringComparison.OrdinalIgnoreCase))
            ? request
            : request with { Headers = [.. request.Headers, new("traceparent", traceParent)] };

    private async Task<bool> RunAsync(KeptnEvent evt, WebhookMatch match, WorkEnd end, CancellationToken cancellationToken)
    {
        var webhook = match.Webhook;
        var type = KeptnEventType.Parse(evt.Type);
        var answers = type.IsTask && type.Kind == EventKind.Triggered;
        var total = webhook.Requests.Count;
        var executed = 0;
        var responses = new JsonArray();
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        SecretMask? mask = null;
        try
        {
            if (answers && webhook.SendStarted)
            {
                // One .started, or one per request when the called system answers each (sendFinished: false).
                for (var i = 0; i < (webhook.SendFinished ? 1 : total); i++)
                {
                    await AnswerAsync(evt, type.Name, match.Key, $"started/{i}", "started", KeptnAnswer.Data(evt.Data));
                }
            }
            foreach (var entry in webhook.EnvFrom)
            {
                env[entry.Name] = await SecretAsync(entry);
            }
            var data = WebhookRenderer.Data(evt, env);
            foreach (var template in webhook.Requests)
            {
                var request = WebhookRenderer.Render(template, data, env);
                mask = SecretMask.For(env, request);
                WebhookResponse response;
                using (var span = TaskWork.Start("webhook", evt, ActivityKind.Client,
                    ("keptn.webhook", match.Key), ("http.request.method", request.Method), ("server.address", request.Url.Host)))
                {
                    try
                    {
                        response = await sender.SendAsync(WithTraceParent(request, TaskWork.TraceParent(span, evt)), cancellationToken);
                        metrics.RecordWebhook(WebhookOutcome.Success);
                        span?.SetTag("http.response.status_code", response.Status);
                    }
                    catch (WebhookException e)
                    {
                        metrics.RecordWebhook(e.Outcome);
                        span?.SetStatus(ActivityStatusCode.Error, e.Outcome);
                        throw new WebhookException(mask.Apply(e.Message), e.Outcome);
                    }
                }
                executed++;
                // A response may echo what was sent, credentials included; secrets never reach the stored event.
                responses.Add(Parse(mask.Apply(response.Body)));
            }
            if (answers && webhook.SendFinished)
            {
                var finished = KeptnAnswer.Data(evt.Data);
                finished["status"] = KeptnStatus.Succeeded;
                finished["result"] = KeptnResult.Pass;
                finished[type.Name] = new JsonObject { ["responses"] = responses };
                await AnswerAsync(evt, type.Name, match.Key, "finished/0", "finished", finished, end);
                return true;
            }
            return false;
        }
        // Cancellation (the shutdown ran out of time) goes up to the work runner, which gives the row back unanswered.
        catch (Exception e) when (e is WebhookException || e is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Anything unexpected fails the task too, so it never stays started with nothing said.
            var reason = e is WebhookException ? e.Message : $"unexpected {e.GetType().Name}: {e.Message}";
            var message = $"webhook {match.Key} ({evt.Type}) request {executed + 1} of {total} failed: {(mask ?? SecretMask.For(env)).Apply(reason)}";
            RequestFailed(log, message, evt.KeptnContext);
            if (!answers)
            {
                return false;
            }
            // Keptn balances the answers: one failed .finished, or one for each request that did not run.
            var count = webhook.SendFinished ? 1 : total - executed;
            for (var i = 0; i < count; i++)
            {
                var failed = KeptnAnswer.Data(evt.Data);
                failed["status"] = KeptnStatus.Errored;
                failed["result"] = KeptnResult.Fail;
                failed["message"] = message;
                await AnswerAsync(evt, type.Name, match.Key, $"finished/{executed + i}", "finished", failed, i == count - 1 ? end : null);
            }
            return count > 0;
        }
    }

    private Task AnswerAsync(KeptnEvent triggered, string task, string key, string slot, string kind, JsonObject data, WorkEnd? end = null) =>
        ingest.SubmitAsync(new KeptnEvent(EventIds.Derived($"{Source}/{triggered.Id}/{key}/{slot}"), Source,
            KeptnEventType.TaskType(task, kind), triggered.KeptnContext, triggered.Id, time.GetUtcNow(), data), endsWork: end);

    private static JsonNode? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body) ?? JsonValue.Create(body);
        }
        catch (JsonException)
        {
            return JsonValue.Create(body);
        }
    }

    private async Task<Dictionary<string, SubscriptionFilter>> SubscriptionsAsync()
    {
        var map = new Dictionary<string, SubscriptionFilter>(StringComparer.Ordinal);
        foreach (var integration in await store.ListIntegrationsAsync())
        {
            foreach (var s in (integration.Body["subscriptions"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (s.GetString("id") is { } id && s.GetString("event") is { } type)
                {
                    static List<string> List(JsonNode? node) => (node as JsonArray)?.Select(n => n?.ToString() ?? string.Empty).Where(v => v.Length > 0).ToList() ?? [];
                    map[id] = new SubscriptionFilter(type, List(s["filter"]?["projects"]), List(s["filter"]?["stages"]), List(s["filter"]?["services"]));
                }
            }
        }
        return map;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message} (context {KeptnContext})")]
    private static partial void RequestFailed(ILogger log, string message, string keptnContext);
}
