using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Webhooks;

/// <summary>
/// Keptn's webhook-service scenarios (spec/keptn.md §5) against the built-in integration, with a real receiver on
/// loopback (allowed with --webhook-allow 127.0.0.1, as a user would for a local test system).
/// </summary>
public sealed partial class WebhookIntegrationTests : IAsyncLifetime
{
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: {name: hooks}
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: test
        """;

    private RecordingReceiver _receiver = null!;
    private RunningServer _bosun = null!;

    public async Task InitializeAsync()
    {
        _receiver = await RecordingReceiver.StartAsync();
        _bosun = await RunningServer.StartAsync(options: o => o with { WebhookAllow = "127.0.0.1" });
        await _bosun.CreateProjectAsync("hooks", Shipyard, "web");
    }

    public async Task DisposeAsync()
    {
        await _bosun.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private string Url(string path) => new Uri(_receiver.Address, path).ToString();

    private async Task UploadAsync(string yaml, string level = "")
    {
        var response = await _bosun.Client.PostAsJsonAsync($"/api/resource-service/v1/project/hooks{level}/resource",
            new { resources = new[] { new { resourceURI = "webhook/webhook.yaml", resourceContent = Convert.ToBase64String(Encoding.UTF8.GetBytes(yaml)) } } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Alpha(string requests, string extra = "") => $"""
        apiVersion: webhookconfig.keptn.sh/v1alpha1
        kind: WebhookConfig
        metadata: {"{"}name: hooks{"}"}
        spec:
          webhooks:
            - type: sh.keptn.event.test.triggered
        {extra}      requests:
        {requests}
        """;

    private Task WaitForRequestsAsync(int count) =>
        Eventually.Until(() => _receiver.Requests.Count >= count, TimeSpan.FromSeconds(15), $"{count} requests at the receiver");

    [Fact]
    public async Task ProjectLevelAlpha_SendsOneStarted_AndLeavesFinishedToTheCalledSystem()
    {
        await UploadAsync(Alpha($"        - \"curl -X POST -H 'Content-Type: application/json' -d '{{\\\"id\\\":\\\"{{{{.id}}}}\\\",\\\"ctx\\\":\\\"{{{{.shkeptncontext}}}}\\\",\\\"v\\\":\\\"{{{{.data.labels.version}}}}\\\"}}' {Url("deploy")}\""));
        var context = await _bosun.TriggerAsync("hooks", "dev", "delivery", "web", "1.2.3");
        await WaitForRequestsAsync(1);
        var started = Assert.Single(await _bosun.WaitForEventsAsync("sh.keptn.event.test.started", context, 1));
        Assert.Equal("webhook-service", started["source"]!.GetValue<string>());
        var triggered = Assert.Single(await _bosun.EventsAsync("sh.keptn.event.test.triggered", context));
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal(("POST", "/deploy"), (request.Method, request.Path));
        Assert.Equal($$"""{"id":"{{triggered["id"]}}","ctx":"{{context}}","v":"1.2.3"}""", request.Body);
        Assert.Empty(await _bosun.EventsAsync("sh.keptn.event.test.finished", context));
    }

    [Fact]
    public async Task StageLevelBeta_WithSendFinished_AnswersWithTheResponses_AndTheSequenceFinishes()
    {
        await UploadAsync("""
            apiVersion: webhookconfig.keptn.sh/v1beta1
            kind: WebhookConfig
            metadata: {name: hooks}
            spec:
              webhooks:
                - type: sh.keptn.event.test.triggered
                  sendFinished: true
                  requests:
                    - url: RECEIVER/tests/{{.data.service}}
                      method: POST
                      headers:
                        - key: X-Stage
                          value: "{{.data.stage}}"
                      payload: '{"project": "{{.data.project}}"}'
            """.Replace("RECEIVER/", Url(string.Empty), StringComparison.Ordinal), "/stage/dev");
        var context = await _bosun.TriggerAsync("hooks", "dev", "delivery", "web");
        var finished = Assert.Single(await _bosun.WaitForEventsAsync("sh.keptn.event.test.finished", context, 1));
        Assert.Single(await _bosun.EventsAsync("sh.keptn.event.test.started", context));
        var data = finished["data"]!;
        Assert.Equal(("pass", "succeeded"), (data["result"]!.GetValue<string>(), data["status"]!.GetValue<string>()));
        Assert.Equal("/tests/web", data["test"]!["responses"]![0]!["path"]!.GetValue<string>());
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal(("dev", """{"project": "hooks"}"""), (request.Headers["X-Stage"], request.Body));
        await _bosun.WaitForEventsAsync("sh.keptn.event.dev.delivery.finished", context, 1);
    }

    [Fact]
    public async Task ServiceLevel_StartedDisabled_SendsOnlyTheFinished()
    {
        await UploadAsync(Alpha($"        - \"curl {Url("svc")}\"", "      sendStarted: false\n      sendFinished: true\n"), "/stage/dev/service/web");
        var context = await _bosun.TriggerAsync("hooks", "dev", "delivery", "web");
        Assert.Single(await _bosun.WaitForEventsAsync("sh.keptn.event.test.finished", context, 1));
        Assert.Empty(await _bosun.EventsAsync("sh.keptn.event.test.started", context));
    }

    [Fact]
    public async Task FourRequests_TheSecondFails_FourStartedAndThreeFailedFinished()
    {
        var requests = string.Join('\n', new[] { "one", "fail", "three", "four" }.Select(p => $"        - \"curl {Url(p)}\""));
        await UploadAsync(Alpha(requests));
        var context = await _bosun.TriggerAsync("hooks", "dev", "delivery", "web");
        var failed = await _bosun.WaitForEventsAsync("sh.keptn.event.test.finished", context, 3);
        Assert.Equal(4, (await _bosun.EventsAsync("sh.keptn.event.test.started", context)).Count);
        Assert.All(failed, f => Assert.Equal(("fail", "errored"), (f["data"]!["result"]!.GetValue<string>(), f["data"]!["status"]!.GetValue<string>())));
        Assert.Contains("request 2 of 4 failed", failed[0]["data"]!["message"]!.GetValue<string>());
        Assert.Contains("failed with HTTP 500: boom", failed[0]["data"]!["message"]!.GetValue<string>());
        // The failing GET was sent once: the webhook client's resilience pipeline never retries (Keptn sends each once).
        Assert.Equal(["/one", "/fail"], _receiver.Requests.Select(r => r.Path));
        // The first request succeeded: its .finished is the called system's to send, so the task is still open (as Keptn).
        Assert.Single(await _bosun.OpenAsync("test", "hooks"));
        // And both are counted by outcome (DESIGN §7).
        var metrics = PrometheusText.Parse(await _bosun.Anonymous.GetStringAsync("/metrics"));
        Assert.Equal((1, 1), (PrometheusText.Sum(metrics, "bosun_webhook_requests_total", ("outcome", "success")), PrometheusText.Sum(metrics, "bosun_webhook_requests_total", ("outcome", "error"))));
    }

    [Fact]
    public async Task OverlappingSubscriptions_BothRun_AndFiltersAreHonoured()
    {
        var registered = await RunningServer.ReadAsync(await _bosun.Client.PostAsJsonAsync("/api/controlPlane/v1/uniform/registration", new
        {
            name = "webhook-service",
            metadata = new { hostname = "bosun" },
            subscriptions = new object[]
            {
                new { @event = "sh.keptn.event.test.triggered", filter = new { projects = new[] { "hooks" } } },
                new { @event = "sh.keptn.event.test.triggered", filter = new { projects = new[] { "hooks" }, stages = new[] { "dev" } } },
                new { @event = "sh.keptn.event.test.triggered", filter = new { stages = new[] { "prod" } } },
            },
        }));
        var list = JsonNode.Parse(await _bosun.Client.GetStringAsync($"/api/controlPlane/v1/uniform/registration/{registered["id"]}/subscription"))!.AsArray();
        var ids = list.Select(s => s!["id"]!.GetValue<string>()).ToList();
        var entries = string.Join('\n', ids.Select((id, i) => $"""
                - type: sh.keptn.event.test.triggered
                  subscriptionID: {id}
                  sendStarted: false
                  requests:
                    - "curl {Url($"sub{i}")}"
            """));
        await UploadAsync($"apiVersion: webhookconfig.keptn.sh/v1alpha1\nkind: WebhookConfig\nmetadata: {{name: hooks}}\nspec:\n  webhooks:\n{entries}\n");
        await _bosun.TriggerAsync("hooks", "dev", "delivery", "web");
        await WaitForRequestsAsync(2);
        Assert.Equal(["/sub0", "/sub1"], _receiver.Requests.Select(r => r.Path).Order());
    }

    [Fact]
    public async Task ClusterInternalAddress_FailsTheTask_WithoutARequest()
    {
        await UploadAsync(Alpha("        - \"curl https://kubernetes.default.svc/api/v1/secrets\"", "      sendFinished: true\n"));
        var context = await _bosun.TriggerAsync("hooks", "dev", "delivery", "web");
        var failed = Assert.Single(await _bosun.WaitForEventsAsync("sh.keptn.event.test.finished", context, 1));
        Assert.Contains("refused: the host kubernetes.default.svc is cluster-internal", failed["data"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Secrets_FillEnv_AreNeverListedOrStored_AndAMissingOneFailsTheTask()
    {
        var created = await _bosun.Client.PostAsJsonAsync("/api/secrets/v1/secret", new { name = "argo", scope = "keptn-default", data = new { token = "s3cret-value" } });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var listed = await _bosun.Client.GetStringAsync("/api/secrets/v1/secret");
        Assert.Contains("\"keys\":[\"token\"]", listed);
        Assert.DoesNotContain("s3cret-value", listed);

        await UploadAsync(Alpha(
            $"        - \"curl -H 'Authorization: Bearer {{{{.env.tok}}}}' {Url("with-secret")}\"\n        - \"curl {Url("fail")}?t={{{{.env.tok}}}}\"",
            "      sendFinished: true\n      envFrom:\n        - name: tok\n          secretRef: {name: argo, key: token}\n"));
        var context = await _bosun.TriggerAsync("hooks", "dev", "delivery", "web");
        var failed = Assert.Single(await _bosun.WaitForEventsAsync("sh.keptn.event.test.finished", context, 1));
        Assert.Equal("Bearer s3cret-value", _receiver.Requests.First().Headers["Authorization"]);
        var all = await _bosun.Client.GetStringAsync($"/api/mongodb-datastore/event?keptnContext={context}&pageSize=100");
        Assert.DoesNotContain("s3cret-value", all);
        Assert.Contains("failed with HTTP 500", failed["data"]!["message"]!.GetValue<string>());

        await UploadAsync(Alpha($"        - \"curl {Url("x")}\"", "      sendFinished: true\n      envFrom:\n        - name: tok\n          secretRef: {name: nothere, key: token}\n"));
        var second = await _bosun.TriggerAsync("hooks", "dev", "delivery", "web");
        var missing = Assert.Single(await _bosun.WaitForEventsAsync("sh.keptn.event.test.finished", second, 1));
        Assert.Contains("the secret 'nothere' does not exist (envFrom tok)", missing["data"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ASecretInAnotherIntegrationsScope_IsNotReadable_AndTheTaskFailsNamingTheScope()
    {
        // As Keptn's RBAC: the webhook-service's account reads keptn-webhook-service secrets, not Prometheus credentials.
        await _bosun.Client.PostAsJsonAsync("/api/secrets/v1/secret", new { name = "prom", scope = "keptn-prometheus-service", data = new { token = "prom-pass" } });
        await UploadAsync(Alpha($"        - \"curl {Url("x")}?t={{{{.env.tok}}}}\"", "      sendFinished: true\n      envFrom:\n        - name: tok\n          secretRef: {name: prom, key: token}\n"));
        var context = await _bosun.TriggerAsync("hooks", "dev", "delivery", "web");
        var failed = Assert.Single(await _bosun.WaitForEventsAsync("sh.keptn.event.test.finished", context, 1));
        Assert.Contains("the secret 'prom' is in scope keptn-prometheus-service, which webhooks may not read; create it in scope keptn-webhook-service (envFrom tok)",
            failed["data"]!["message"]!.GetValue<string>());
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task ResponseEchoingASecret_IsStoredMasked()
    {
        await _bosun.Client.PostAsJsonAsync("/api/secrets/v1/secret", new { name = "echo", data = new { token = "echoed-secret" } });
        await UploadAsync(Alpha($"        - \"curl {Url("echo-")}{{{{.env.tok}}}}\"", "      sendFinished: true\n      envFrom:\n        - name: tok\n          secretRef: {name: echo, key: token}\n"));
        var context = await _bosun.TriggerAsync("hooks", "dev", "delivery", "web");
        var finished = Assert.Single(await _bosun.WaitForEventsAsync("sh.keptn.event.test.finished", context, 1));
        Assert.Equal("/echo-echoed-secret", Assert.Single(_receiver.Requests).Path);
        Assert.Equal("/echo-***", finished["data"]!["test"]!["responses"]![0]!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task TemplateError_FailsTheTask_NamingTheKey()
    {
        await UploadAsync(Alpha($"        - \"curl {Url("x")}/{{{{.data.labels.missing}}}}\"", "      sendFinished: true\n"));
        var context = await _bosun.TriggerAsync("hooks", "dev", "delivery", "web", "1.0");
        var failed = Assert.Single(await _bosun.WaitForEventsAsync("sh.keptn.event.test.finished", context, 1));
        Assert.Contains("map has no entry for key \"missing\"", failed["data"]!["message"]!.GetValue<string>());
        Assert.Contains("template error", failed["data"]!["message"]!.GetValue<string>());
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task InvalidWebhookFiles_AreRefusedOnUpload()
    {
        var response = await _bosun.Client.PostAsJsonAsync("/api/resource-service/v1/project/hooks/resource",
            new { resources = new[] { new { resourceURI = "webhook/webhook.yaml", resourceContent = Convert.ToBase64String(Encoding.UTF8.GetBytes(Alpha("        - \"curl -o /etc/x https://a.example/\"").Replace("v1alpha1", "v9", StringComparison.Ordinal))) } } });
        Assert.Contains("apiVersion 'webhookconfig.keptn.sh/v9'", await RunningServer.ErrorAsync(response, 400));
    }

    [Fact]
    public async Task NonTaskSubscription_RunsAndSendsNothingBack()
    {
        await UploadAsync(Alpha($"        - \"curl {Url("done")}\"").Replace("sh.keptn.event.test.triggered", "sh.keptn.event.dev.delivery.finished", StringComparison.Ordinal));
        var context = await _bosun.TriggerAsync("hooks", "dev", "delivery", "web");
        var test = Assert.Single(await _bosun.WaitForEventsAsync("sh.keptn.event.test.triggered", context, 1));
        await _bosun.AnswerAsync(test);
        await WaitForRequestsAsync(1);
        Assert.Equal("/done", Assert.Single(_receiver.Requests).Path);
        Assert.DoesNotContain((await RunningServer.ReadAsync(await _bosun.Client.GetAsync($"/api/mongodb-datastore/event?keptnContext={context}&pageSize=100")))["events"]!.AsArray(),
            e => e!["source"]!.GetValue<string>() == "webhook-service");
    }

    [Fact]
    public void ConfiguredDenyEntries_JoinThePolicy_AndBadOnesAreNamed()
    {
        var policy = Bosun.Server.Hosting.BosunServer.WebhookPolicy("127.0.0.1", "10.0.0.0/8, vault.internal");
        Assert.NotNull(policy.DenyHost("vault.internal"));
        Assert.NotNull(policy.DenyAddress(System.Net.IPAddress.Parse("10.2.3.4")));
        Assert.Null(policy.DenyAddress(System.Net.IPAddress.Parse("127.0.0.1")));
        Assert.StartsWith("BOSUN_WEBHOOK_DENY: 'not valid!'", Assert.Throws<ArgumentException>(() => Bosun.Server.Hosting.BosunServer.WebhookPolicy(null, "not valid!")).Message);
    }
}
