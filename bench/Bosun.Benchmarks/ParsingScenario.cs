using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Json;
using Bosun.Core.Templating;
using Bosun.Core.Yaml;

namespace Bosun.Benchmarks;

/// <summary>
/// (j) What the hostile-input limits cost the normal path, measured in one process: the bounded YAML reader against
/// the unbounded one it replaced, the strict JSON reader against plain <see cref="JsonNode.Parse(ReadOnlySpan{byte}, JsonNodeOptions?, JsonDocumentOptions)"/>
/// (both writing the tree out, as the store does), and a webhook payload rendered within its budgets. Each pair runs
/// interleaved in rounds so that drift in the machine hits both alike; the best round of each counts.
/// </summary>
internal static class ParsingScenario
{
    public sealed record Result(double Yaml, double YamlBaseline, double Json, double JsonBaseline, double Template)
    {
        public double YamlCost => (YamlBaseline / Yaml) - 1;
        public double JsonCost => (JsonBaseline / Json) - 1;
    }

    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: {name: shop}
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: approval
                      properties: {pass: automatic, warning: manual}
                    - name: deliver
                    - name: test
                      properties: {teststrategy: functional}
                    - name: evaluation
                      properties: {timeframe: 5m}
                    - name: release
            - name: staging
              sequences:
                - name: delivery
                  triggeredOn:
                    - event: dev.delivery.finished
                      selector: {match: {result: pass}}
                  tasks: [{name: deliver}, {name: test}, {name: evaluation}, {name: release}]
                - name: rollback
                  triggeredOn: [{event: staging.delivery.finished, selector: {match: {result: fail}}}]
                  tasks: [{name: rollback}]
            - name: prod
              sequences:
                - name: delivery
                  triggeredOn: [{event: staging.delivery.finished}]
                  tasks: [{name: approval, properties: {pass: manual, warning: manual}}, {name: deliver}, {name: evaluation}, {name: release}]
                - name: remediation
                  triggeredOn: [{event: prod.remediation.finished, selector: {match: {evaluation.result: fail}}}]
                  tasks: [{name: get-action}, {name: action}, {name: evaluation, properties: {timeframe: 10m}}]
        """;

    private const string Webhook = """
        apiVersion: webhookconfig.keptn.sh/v1beta1
        kind: WebhookConfig
        metadata:
          name: webhook-configuration
        spec:
          webhooks:
            - type: sh.keptn.event.deliver.triggered
              subscriptionID: 0f2e3a
              sendFinished: true
              envFrom:
                - name: argocdToken
                  secretRef: {name: argocd, key: token}
              requests:
                - url: https://argocd.example.com/api/v1/applications/{{.data.service}}-{{.data.stage}}/sync
                  method: POST
                  headers:
                    - key: Authorization
                      value: Bearer {{.env.argocdToken}}
                    - key: Content-Type
                      value: application/json
                  payload: '{"revision": "{{.data.labels.version}}", "infos": [{"name": "keptnContext", "value": "{{.shkeptncontext}}"}]}'
            - type: sh.keptn.event.test.triggered
              requests:
                - "curl -X POST -H 'Content-Type: application/json' -d '{\"ctx\":\"{{.shkeptncontext}}\"}' https://tests.example.com/run"
        """;

    private const string Payload = """{"revision": "{{.data.labels.version}}", "project": "{{.data.project}}", "infos": [{"name": "keptnContext", "value": "{{.shkeptncontext}}"}, {"name": "triggeredid", "value": "{{.id}}"}]{{range $k, $v := .data.labels}}, "{{$k}}": "{{$v}}"{{end}}}""";

    private static readonly byte[] Event = Encoding.UTF8.GetBytes("""
        {"specversion":"1.0","id":"5f0b1c2d-6e7f-4a8b-9c0d-1e2f3a4b5c6d","source":"argo-cd","type":"sh.keptn.event.deliver.finished",
         "shkeptncontext":"01a2362d-7464-7468-a38e-823fa8b270ba","triggeredid":"01a2362d-7470-7e9e-aca6-eb9f6e1d785e","time":"2026-12-02T09:54:38.427Z",
         "data":{"project":"shop","stage":"dev","service":"web","result":"pass","status":"succeeded","message":"Synced and Healthy",
          "labels":{"version":"r2","team":"payments","ticket":"OPS-1234","commit":"9f8e7d6c5b4a"},
          "deliver":{"deploymentURIsPublic":["https://web.dev.example.com"],"deploymentURIsLocal":["http://web.dev.svc:8080"],"gitCommit":"9f8e7d6c5b4a3210"}}}
        """);

    private static readonly JsonDocumentOptions Plain = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static Result Run(bool smoke)
    {
        var round = TimeSpan.FromMilliseconds(smoke ? 20 : 300);
        var rounds = smoke ? 2 : 7;
        var data = (JsonObject)JsonNode.Parse(Event)!;
        var template = GoTemplate.Parse(Payload, "webhook");
        var options = new TemplateOptions { MissingKeyError = true };
        if (template.Render(data, options).Length == 0 || YamlDocument.Parse(Shipyard)!.ToJsonString() != LegacyYamlReader.Parse(Shipyard)!.ToJsonString())
        {
            throw new InvalidOperationException("the bounded and unbounded YAML readers disagree");
        }
        var (yaml, yamlBaseline) = Pair(round, rounds,
            () => { YamlDocument.Parse(Shipyard); YamlDocument.Parse(Webhook); },
            () => { LegacyYamlReader.Parse(Shipyard); LegacyYamlReader.Parse(Webhook); });
        var (json, jsonBaseline) = Pair(round, rounds,
            () => StrictJson.Parse(Event, StrictJson.WithComments, out _)!.ToJsonString(),
            () => JsonNode.Parse(Event, documentOptions: Plain)!.ToJsonString());
        var (render, _) = Pair(round, rounds, () => template.Render(data, options), () => { });
        return new Result(yaml, yamlBaseline, json, jsonBaseline, render);
    }

    /// <summary>Operations per second of <paramref name="a"/> and <paramref name="b"/>, interleaved, best round each.</summary>
    private static (double A, double B) Pair(TimeSpan round, int rounds, Action a, Action b)
    {
        Rate(a, TimeSpan.FromMilliseconds(round.TotalMilliseconds * 2));
        Rate(b, TimeSpan.FromMilliseconds(round.TotalMilliseconds * 2));
        double bestA = 0, bestB = 0;
        for (var i = 0; i < rounds; i++)
        {
            bestA = Math.Max(bestA, Rate(a, round));
            bestB = Math.Max(bestB, Rate(b, round));
        }
        return (bestA, bestB);
    }

    private static double Rate(Action action, TimeSpan duration)
    {
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (watch.Elapsed < duration)
        {
            action();
            count++;
        }
        return count / watch.Elapsed.TotalSeconds;
    }
}
