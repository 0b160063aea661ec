using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.Server.Tests.ArgoCd;
using Bosun.Server.Tests.Evaluation;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Telemetry;

/// <summary>
/// DESIGN §7 traces, end to end: a two-stage delivery through the Argo CD simulator with a webhook task, a Prometheus
/// quality gate and a manual approval, exported to a real OTLP receiver: first over OTLP/HTTP protobuf, then, after a
/// restart while production waits for its approval, over OTLP/gRPC. One trace (the incoming CloudEvent's), the stage
/// and task spans under their parents, the integrations' work under its task, and the webhook receiver sent the trace on.
/// </summary>
public sealed class TraceExportTests(PrometheusFixture prometheus) : IClassFixture<PrometheusFixture>, IAsyncLifetime
{
    private const string Project = "traced";
    private const string Service = "web";
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string CallerSpan = "00f067aa0ba902b7";

    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: {name: traced}
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: deliver
                    - name: test
                    - name: evaluation
                      properties: {timeframe: 5m}
            - name: production
              sequences:
                - name: delivery
                  triggeredOn:
                    - event: dev.delivery.finished
                  tasks:
                    - name: approval
                      properties: {pass: manual, warning: manual}
                    - name: deliver
        """;

    private readonly TempDirectory _data = new("bosun-traces");
    private SimulatedArgoCdHost _argo = null!;
    private OtlpReceiver _otlp = null!;
    private RecordingReceiver _webhook = null!;

    public async Task InitializeAsync()
    {
        _argo = await SimulatedArgoCdHost.StartAsync();
        _argo.AddApp("web-dev", project: Project, service: Service, stage: "dev");
        _argo.AddApp("web-production", project: Project, service: Service, stage: "production");
        _otlp = await OtlpReceiver.StartAsync();
        _webhook = await RecordingReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _webhook.DisposeAsync();
        await _otlp.DisposeAsync();
        await _argo.DisposeAsync();
        _data.Dispose();
    }

    private Task<RunningServer> StartAsync(string protocol, string service)
    {
        var telemetry = _otlp.Environment(protocol).ToDictionary(p => p.Key, p => (string?)p.Value);
        telemetry["OTEL_SERVICE_NAME"] = service;
        return RunningServer.StartAsync(_data.Path, options: o => o with
        {
            ArgoCdUrl = _argo.Url,
            ArgoCdToken = SimulatedArgoCdHost.Token,
            PrometheusUrl = prometheus.Prometheus.Address.ToString(),
            WebhookAllow = "127.0.0.1",
            Telemetry = telemetry,
        });
    }

    private async Task SetUpAsync(RunningServer bosun)
    {
        await bosun.CreateProjectAsync(Project, Shipyard, Service);
        await RunningServer.ReadAsync(await bosun.PostEventAsync(
            new JsonObject
            {
                ["type"] = "sh.keptn.event.monitoring.configure",
                ["source"] = "test",
                ["data"] = new JsonObject { ["project"] = Project, ["type"] = "prometheus" },
            }.ToJsonString()));
        await bosun.PutResourceAsync(Project, null, null, "prometheus/sli.yaml",
            $"spec_version: '1.0'\nindicators:\n  throughput: sum({PrometheusFixture.Throughput})\n");
        await bosun.PutResourceAsync(Project, "dev", Service, "slo.yaml",
            "objectives:\n  - sli: throughput\n    pass: [{criteria: ['>=100']}]\ntotal_score: {pass: '90%'}\n");
        var webhook = $$$"""
            apiVersion: webhookconfig.keptn.sh/v1beta1
            kind: WebhookConfig
            metadata: {name: tests}
            spec:
              webhooks:
                - type: sh.keptn.event.test.triggered
                  sendFinished: true
                  requests:
                    - url: {{{new Uri(_webhook.Address, "tests")}}}
                      method: POST
                      payload: '{"service": "{{.data.service}}"}'
            """;
        var response = await bosun.Client.PostAsJsonAsync($"/api/resource-service/v1/project/{Project}/stage/dev/resource",
            new { resources = new[] { new { resourceURI = "webhook/webhook.yaml", resourceContent = Convert.ToBase64String(Encoding.UTF8.GetBytes(webhook)) } } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private static string SpanOf(JsonObject triggered) => Text(triggered["traceparent"]).Split('-')[2];

    [Fact]
    public async Task TwoStageDelivery_IsOneTrace_ContinuedAcrossARestart()
    {
        string context;
        JsonObject approval;
        await using (var first = await StartAsync("http/protobuf", "bosun-first"))
        {
            await SetUpAsync(first);
            // A CloudEvent with the distributed-tracing extension: the sequence joins the caller's trace. Its version is
            // the apps' revision, so Argo CD has nothing newer for the watch to start another delivery with.
            var sent = await RunningServer.ReadAsync(await first.PostEventAsync(new JsonObject
            {
                ["type"] = "sh.keptn.event.dev.delivery.triggered",
                ["source"] = "ci",
                ["specversion"] = "1.0",
                ["traceparent"] = $"00-{TraceId}-{CallerSpan}-01",
                ["data"] = new JsonObject { ["project"] = Project, ["stage"] = "dev", ["service"] = Service, ["labels"] = new JsonObject { ["version"] = "r1" } },
            }.ToJsonString()));
            context = Text(sent["keptnContext"]);
            approval = await first.WaitForAsync("sh.keptn.event.approval.triggered", context);
        }

        var events = new Dictionary<string, JsonObject>();
        await using (var second = await StartAsync("grpc", "bosun-second"))
        {
            (await second.Client.PostAsJsonAsync($"/api/bosun/v1/approvals/{Text(approval["id"])}", new { decision = "approve", by = "alice" })).EnsureSuccessStatusCode();
            await second.WaitForAsync("sh.keptn.event.production.delivery.finished", context);
            foreach (var type in new[] { "test", "evaluation", "approval" })
            {
                events[type] = await second.WaitForAsync($"sh.keptn.event.{type}.triggered", context);
            }
            events["deliver-dev"] = (await second.EventsAsync("sh.keptn.event.deliver.triggered", context)).Single(e => Text(e["data"]!["stage"]) == "dev");
            events["deliver-production"] = (await second.EventsAsync("sh.keptn.event.deliver.triggered", context)).Single(e => Text(e["data"]!["stage"]) == "production");
        }

        var spans = await Eventually.Until(() => Task.FromResult(_otlp.Trace(TraceId)),
            s => s.Any(x => x.Name == "production.delivery") && s.Count(x => x.Name == "deliver") == 2,
            TimeSpan.FromSeconds(20), "the trace's spans");
        ReceivedSpan Named(string name, string? stage = null) =>
            Assert.Single(spans, s => s.Name == name && (stage is null || s.Attributes.GetValueOrDefault("keptn.stage") == stage));

        // The stage spans: children of the caller's span, production linked to dev; dev from the first process, production from the second.
        var dev = Named("dev.delivery");
        var production = Named("production.delivery");
        Assert.Equal((CallerSpan, CallerSpan), (dev.ParentSpanId, production.ParentSpanId));
        Assert.Equal([(TraceId, dev.SpanId)], production.Links);
        Assert.Equal(("bosun-first", "http/protobuf"), (dev.Service, dev.Protocol));
        Assert.Equal(("bosun-second", "grpc"), (production.Service, production.Protocol));
        foreach (var (key, value) in new[] { ("keptn.context", context), ("keptn.project", Project), ("keptn.stage", "dev"), ("keptn.service", Service), ("keptn.sequence", "delivery"), ("keptn.result", "pass") })
        {
            Assert.Equal(value, dev.Attributes[key]);
        }

        // Each task's span is under its stage's, with the id its .triggered event carried to the executors.
        var tasks = new[] { ("deliver", "dev", "deliver-dev", dev), ("test", "dev", "test", dev), ("evaluation", "dev", "evaluation", dev),
            ("approval", "production", "approval", production), ("deliver", "production", "deliver-production", production) };
        foreach (var (name, stage, key, parent) in tasks)
        {
            var task = Named(name, stage);
            Assert.Equal(parent.SpanId, task.ParentSpanId);
            Assert.Equal(SpanOf(events[key]), task.SpanId);
            Assert.Equal(($"00-{TraceId}-{task.SpanId}-01", "pass"), (Text(events[key]["traceparent"]), task.Attributes["keptn.result"]));
            Assert.True(task.Start >= parent.Start && task.End <= parent.End, $"{name} in {stage} lies outside its stage");
        }
        // The approval was sent before the restart and answered after it: its span, written by the second process, has the first's id.
        Assert.Equal("bosun-second", Named("approval").Service);
        Assert.Equal("bosun-argocd", Named("deliver", "dev").Attributes["keptn.executor"]);
        Assert.Equal("webhook-service", Named("test").Attributes["keptn.executor"]);

        // The integrations' work under its task: the webhook request, the SLI query, Argo CD's sync and health waits.
        Assert.Equal(Named("test").SpanId, Named("webhook").ParentSpanId);
        Assert.Equal(Named("evaluation").SpanId, Named("sli query").ParentSpanId);
        Assert.Equal("throughput", Named("sli query").Attributes["keptn.sli"]);
        var syncs = spans.Where(s => s.Name == "argocd sync").ToList();
        Assert.Equal(2, syncs.Count);
        Assert.Contains(syncs, s => s.ParentSpanId == Named("deliver", "dev").SpanId && s.Attributes["argocd.application"] == "web-dev");
        Assert.Contains(syncs, s => s.ParentSpanId == Named("deliver", "production").SpanId && s.Attributes["argocd.application"] == "web-production");
        Assert.Contains(spans, s => s.Name == "argocd health" && s.ParentSpanId == Named("deliver", "dev").SpanId);

        // Metrics went out over OTLP too (both protocols), under their OpenTelemetry names.
        foreach (var name in new[] { "bosun.sequences.started", "bosun.sequences.finished", "bosun.task.duration", "bosun.argocd.syncs", "bosun.webhook.requests", "bosun.evaluations", "http.server.request.duration" })
        {
            Assert.True(_otlp.MetricNames.ContainsKey(name), $"{name} was not exported; got {string.Join(", ", _otlp.MetricNames.Keys.Order())}");
        }

        // The called system got the trace: a traceparent in the trace, naming the webhook's span or a child of it.
        var request = Assert.Single(_webhook.Requests);
        var sentOn = request.Headers["traceparent"].Split('-');
        Assert.Equal(TraceId, sentOn[1]);
        Assert.Contains(spans, s => s.SpanId == sentOn[2] && (s.Name == "webhook" || s.ParentSpanId == Named("webhook").SpanId));
    }
}
