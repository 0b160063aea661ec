using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.Core.Evaluation;
using Bosun.Core.Events;
using Bosun.Core.Monitoring;
using Bosun.Core.Yaml;
using Bosun.Integrations.Prometheus;
using Bosun.Server.Engine;
using Bosun.Server.Hosting;
using Bosun.Server.Hosting.Telemetry;
using Bosun.Server.Secrets;
using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// Keptn's prometheus-service as an SLI provider, built in (issue 5 item 6): answers <c>get-sli.triggered</c> for
/// provider <c>prometheus</c> with one instant query per indicator at the end of the window. Queries come from
/// <c>prometheus/sli.yaml</c> (project, then stage, then service level, the more specific winning), the Prometheus from
/// the secret <c>prometheus-credentials-&lt;project&gt;</c> (keys <c>PROMETHEUS_URL</c>, <c>PROMETHEUS_USER</c>,
/// <c>PROMETHEUS_PASSWORD</c>, or Bosun's <c>PROMETHEUS_TOKEN</c> for a bearer token), else <c>--prometheus-url</c>.
/// With neither it stays silent, leaving the request to an outside provider. Each such <c>get-sli.triggered</c> is one
/// work row, ended by the provider's <c>.finished</c>.
/// </summary>
internal sealed partial class PrometheusSliProvider(
    IStore store,
    EventIngest ingest,
    PrometheusClient client,
    SecretVault secrets,
    PrometheusDefault fallback,
    TimeProvider time,
    ILogger<PrometheusSliProvider> log) : IWorkIntegration
{
    public const string Source = "prometheus-service";
    public const string Provider = "prometheus";
    private static readonly string GetSliTriggered = KeptnEventType.TaskType(Lighthouse.GetSliTask, "triggered");


    public string Name => Source;



    public IReadOnlyList<string> Subscriptions => [GetSliTriggered + " (projects whose monitoring is prometheus)"];

    public Task<IReadOnlyList<string>> SelectAsync(KeptnEvent evt, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(evt.Type == GetSliTriggered && IsPrometheus(evt) ? [Lighthouse.GetSliTask] : []);

    private static bool IsPrometheus(KeptnEvent evt) =>
        string.Equals(evt.Data.GetPath("get-sli.sliProvider"), Provider, StringComparison.OrdinalIgnoreCase);

    public async Task<WorkResult> RunAsync(WorkClaim claim, WorkEnd end, CancellationToken cancellationToken)
    {
        var request = claim.Event;
        if (!IsPrometheus(request))
        {
            return WorkResult.Done;
        }
        var project = request.Project ?? string.Empty;
        PrometheusEndpoint? endpoint;
        try
        {
            endpoint = await EndpointAsync(project);
        }
        catch (PrometheusException e)
        {
            await SendAsync(request, "started", KeptnAnswer.Data(request.Data, KeptnStatus.Succeeded, KeptnResult.Pass));
            await SendAsync(request, "finished", KeptnAnswer.Data(request.Data, KeptnStatus.Errored, KeptnResult.Fail, e.Message), end);
            return WorkResult.Answered;
        }
        if (endpoint is null)
        {
            NoPrometheus(log, project, request.KeptnContext);
            return WorkResult.Done;
        }
        await SendAsync(request, "started", KeptnAnswer.Data(request.Data, KeptnStatus.Succeeded, KeptnResult.Pass));
        var getSli = request.Data["get-sli"] as JsonObject ?? [];
        JsonObject finished;
        try
        {
            finished = await MeasureAsync(request, getSli, endpoint, cancellationToken);
        }
        catch (SloException e)
        {
            finished = KeptnAnswer.Data(request.Data, KeptnStatus.Errored, KeptnResult.Fail, e.Message);
        }
        await SendAsync(request, "finished", finished, end);
        return WorkResult.Answered;
    }

    private async Task<JsonObject> MeasureAsync(KeptnEvent request, JsonObject getSli, PrometheusEndpoint endpoint, CancellationToken cancellationToken)
    {
        var start = EvaluationTimeframe.Time(getSli.GetString("start") ?? string.Empty, "get-sli.start");
        var end = EvaluationTimeframe.Time(getSli.GetString("end") ?? string.Empty, "get-sli.end");
        var (project, stage, service) = (request.Project ?? string.Empty, request.Stage ?? string.Empty, request.Service ?? string.Empty);
        var queries = SliFile.Merge([
            ("project level", await FileAsync(project, string.Empty, string.Empty)),
            ($"stage {stage}", await FileAsync(project, stage, string.Empty)),
            ($"service {service} in stage {stage}", await FileAsync(project, stage, service)),
        ]);
        var labels = (request.Data["labels"] as JsonObject ?? []).ToDictionary(l => l.Key, l => l.Value?.ToString() ?? string.Empty, StringComparer.Ordinal);
        var deployment = request.Data.GetString("deployment") is { Length: > 0 } d ? d : labels.GetValueOrDefault("deployment") ?? "primary";
        var filters = (getSli["customFilters"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(f => KeyValuePair.Create(f.GetString("key") ?? string.Empty, f["value"]?.ToString() ?? string.Empty))
            .Where(f => f.Key.Length > 0).ToList();
        var context = new SliContext(project, stage, service, deployment, start, end, labels, filters);
        var indicators = (getSli["indicators"] as JsonArray ?? []).Select(i => i?.ToString()).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var values = await Task.WhenAll(indicators.Select(indicator => QueryAsync(request, indicator, queries, context, endpoint, cancellationToken)));

        var failed = values.Where(v => v["success"]!.GetValue<bool>() == false).ToList();
        var result = values.Length > 0 && failed.Count == values.Length ? KeptnResult.Fail : failed.Count > 0 ? KeptnResult.Warning : KeptnResult.Pass;
        var message = result == KeptnResult.Fail ? $"unable to retrieve metrics: {failed[0]["message"]}" : string.Empty;
        var data = KeptnAnswer.Data(request.Data, KeptnStatus.Succeeded, result, message);
        data["get-sli"] = new JsonObject
        {
            ["start"] = getSli.GetString("start"),
            ["end"] = getSli.GetString("end"),
            ["indicatorValues"] = new JsonArray(values.Select(v => (JsonNode)v).ToArray()),
        };
        return data;
    }

    private async Task<JsonObject> QueryAsync(KeptnEvent request, string indicator, IReadOnlyDictionary<string, string> queries, SliContext context, PrometheusEndpoint endpoint, CancellationToken cancellationToken)
    {
        var query = SliQuery.Build(indicator, queries, context);
        if (query is null)
        {
            return Value(indicator, 0, $"indicator '{indicator}' has no query: it is not in {SliFile.PrometheusUri} (service, stage or project level) and not one of Keptn's built-in SLIs");
        }
        // DESIGN §7: each SLI query is a span under the evaluation task's.
        using var span = TaskWork.Start("sli query", request, ActivityKind.Client, ("keptn.sli", indicator), ("db.system.name", "prometheus"));
        try
        {
            return Value(indicator, await client.QueryAsync(endpoint, query, context.End, cancellationToken), null);
        }
        catch (PrometheusException e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            return Value(indicator, 0, $"indicator '{indicator}': {e.Message} (query: {query})");
        }
    }

    private static JsonObject Value(string metric, double value, string? message)
    {
        var result = new JsonObject { ["metric"] = metric, ["value"] = value, ["success"] = message is null };
        if (message is not null)
        {
            result["message"] = message;
        }
        return result;
    }

    private async Task<string?> FileAsync(string project, string stage, string service) =>
        await store.GetResourceAsync(project, stage, service, SliFile.PrometheusUri) is { } file ? Encoding.UTF8.GetString(file.Content) : null;

    /// <summary>
    /// The project's Prometheus from its secret (Keptn's <c>prometheus-credentials-&lt;project&gt;</c>, scope
    /// keptn-prometheus-service), else the server's, else null.
    /// </summary>
    private async Task<PrometheusEndpoint?> EndpointAsync(string project)
    {
        var name = $"prometheus-credentials-{project}";
        IReadOnlyDictionary<string, string>? secret;
        try
        {
            secret = await secrets.OpenAsync(name, SecretReader.Prometheus);
        }
        catch (SecretScopeException e)
        {
            throw new PrometheusException(e.Message);
        }
        string? Key(string key) => secret is not null && secret.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
        if (Key("PROMETHEUS_URL") is { } url)
        {
            return PrometheusEndpoint.Parse(url, $"secret {name} key PROMETHEUS_URL", Key("PROMETHEUS_USER"), Key("PROMETHEUS_PASSWORD"), Key("PROMETHEUS_TOKEN"));
        }
        if (Key("prometheus-credentials") is { } legacy)
        {
            // Keptn's older format: one key holding YAML {url, user, password}.
            var doc = Parse(legacy, name);
            return PrometheusEndpoint.Parse(doc.GetString("url") ?? string.Empty, $"secret {name} url", doc.GetString("user"), doc.GetString("password"));
        }
        return fallback.Endpoint;
    }

    private static JsonObject Parse(string yaml, string name)
    {
        try
        {
            return YamlDocument.Parse(yaml) as JsonObject ?? throw new PrometheusException($"secret {name}: prometheus-credentials is not a YAML mapping of url, user and password");
        }
        catch (YamlFormatException e)
        {
            throw new PrometheusException($"secret {name}: prometheus-credentials is not YAML: {e.Message}");
        }
    }

    private Task<Api.IngestOutcome> SendAsync(KeptnEvent request, string kind, JsonObject data, WorkEnd? end = null) =>
        ingest.SubmitAsync(new KeptnEvent(EventIds.Derived($"{Source}/{request.Id}/{kind}"), Source,
            KeptnEventType.TaskType(Lighthouse.GetSliTask, kind), request.KeptnContext, request.Id, time.GetUtcNow(), data), endsWork: end);

    [LoggerMessage(Level = LogLevel.Warning, Message = "get-sli for project {Project} asks for Prometheus, but neither --prometheus-url nor the secret prometheus-credentials-{Project} is set; leaving it to an outside provider (context {KeptnContext})")]
    private static partial void NoPrometheus(ILogger logger, string project, string keptnContext);
}
