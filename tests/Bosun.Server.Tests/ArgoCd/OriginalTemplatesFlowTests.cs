using System.Text.Json.Nodes;
using Bosun.ArgoCdSimulator.Model;
using Bosun.ArgoCdSimulator.Notifications;

using Bosun.TestKit;

namespace Bosun.Server.Tests.ArgoCd;

/// <summary>
/// Issue 3 item 6: the original integration's files drive a delivery through Bosun unchanged. The simulator's
/// notifications engine renders the original templates and posts them to <c>/api/v1/event</c>; a stand-in for
/// the webhook-service answers <c>deliver.triggered</c> with <c>.started</c> and calls Argo CD's sync with the
/// Keptn ids in <c>infos</c>, as <c>keptn-config/webhook.yaml</c> does.
/// </summary>
public sealed class OriginalTemplatesFlowTests : IAsyncLifetime
{
    private readonly ArgoCdSimulation _argo = new();
    private readonly HttpClient _http = new();
    private RunningServer _bosun = null!;
    private NotificationsEngine _notifications = null!;

    public async Task InitializeAsync()
    {
        _bosun = await RunningServer.StartAsync();
        await _bosun.CreateProjectAsync("podtato", Shipyards.ArgoKickoff, "helloservice");
        // Argo CD reaches Keptn over TLS; the loopback test server has none, so only the scheme is changed.
        var configMap = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "argocd", "argocd-notifications-cm.yaml")))
            .Replace("url: https://$keptn-api-hostname", "url: http://$keptn-api-hostname", StringComparison.Ordinal);
        var secrets = new Dictionary<string, string>
        {
            ["keptn-api-hostname"] = _bosun.Client.BaseAddress!.Authority,
            ["keptn-api-token"] = RunningServer.Token,
        };
        _notifications = new NotificationsEngine(_argo, NotificationsConfig.Parse(configMap, secrets), _http);
        _argo.AddApp(new SimulatedApp
        {
            Name = "podtato-kustomize",
            Project = "ortelius",
            HeadRevision = "r1",
            Labels = { ["keptnProject"] = "podtato", ["keptnService"] = "helloservice", ["stage"] = "dev" },
            Annotations =
            {
                ["notifications.argoproj.io/subscribe.on-deployed.keptn"] = string.Empty,
                ["notifications.argoproj.io/subscribe.on-out-of-sync-status.keptn"] = string.Empty,
                ["externalURI"] = "https://podtato.example.com",
            },
            SyncDuration = TimeSpan.FromMilliseconds(100),
            HealthDelay = TimeSpan.FromMilliseconds(100),
        });
    }

    public async Task DisposeAsync()
    {
        await _notifications.DisposeAsync();
        _http.Dispose();
        await _bosun.DisposeAsync();
    }

    private Task<JsonNode> OpenDeliverAsync() => Eventually.Found(
        async () => (await _bosun.OpenAsync("deliver", "podtato")).FirstOrDefault(),
        TimeSpan.FromSeconds(15),
        "an open deliver task",
        () => Task.FromResult(string.Join("\n", _notifications.Deliveries.Select(d => $"{d.Template} {d.Status}").Concat(_notifications.Errors))));

    private async Task<JsonObject> SequenceFinishedAsync(string context) => (await Eventually.Found(
        async () => (await RunningServer.ReadAsync(await _bosun.Client.GetAsync($"/api/mongodb-datastore/event?keptnContext={context}&type=sh.keptn.event.dev.kickoff.finished")))["events"]!.AsArray().FirstOrDefault(),
        TimeSpan.FromSeconds(15),
        "the sequence's finished event",
        () => Task.FromResult(string.Join("\n", _notifications.Deliveries.Select(d => $"{d.Template} {d.Status} {d.Body}"))))).AsObject();

    /// <summary>
    /// The one delivery of a template. The engine records it once Bosun's answer is back, which can be just after the
    /// event it posted is visible through Bosun's API, so this waits (with a deadline) rather than reading once.
    /// </summary>
    private async Task<Delivery> DeliveryAsync(string template)
    {
        await Eventually.Until(() => _notifications.Deliveries.Any(d => d.Template == template), TimeSpan.FromSeconds(15), $"a {template} delivery recorded");
        return _notifications.Deliveries.Single(d => d.Template == template);
    }

    /// <summary>What the webhook-service does for deliver.triggered: one .started, then Argo CD's sync with the ids in infos.</summary>
    private async Task ActAsWebhookAsync(JsonNode deliver, bool passInfos = true)
    {
        var started = new JsonObject
        {
            ["type"] = "sh.keptn.event.deliver.started",
            ["source"] = "webhook-service",
            ["triggeredid"] = deliver["id"]!.GetValue<string>(),
            ["shkeptncontext"] = deliver["shkeptncontext"]!.GetValue<string>(),
            ["data"] = new JsonObject { ["project"] = "podtato", ["stage"] = "dev", ["service"] = "helloservice" },
        };
        await RunningServer.ReadAsync(await _bosun.PostEventAsync(started.ToJsonString()));
        var infos = passInfos
            ? new JsonArray(
                new JsonObject { ["name"] = "triggeredid", ["value"] = deliver["id"]!.GetValue<string>() },
                new JsonObject { ["name"] = "shkeptncontext", ["value"] = deliver["shkeptncontext"]!.GetValue<string>() })
            : [];
        _argo.Sync("podtato-kustomize", new SyncRequest(null, true, [], infos, null), "keptn");
    }

    [Fact]
    public async Task OriginalTemplates_RunADeliveryToTheEnd()
    {
        _argo.Push("podtato-kustomize", "r2");
        var deliver = await OpenDeliverAsync();
        Assert.Equal("r2", deliver["data"]!["labels"]!["version"]!.GetValue<string>());
        await ActAsWebhookAsync(deliver);
        var finished = await SequenceFinishedAsync(deliver["shkeptncontext"]!.GetValue<string>());
        Assert.Equal("pass", finished["data"]!["result"]!.GetValue<string>());
        Assert.Equal("succeeded", finished["data"]!["status"]!.GetValue<string>());
        var deployed = await DeliveryAsync("keptn-deployed");
        Assert.Equal(200, deployed.Status);
        Assert.Equal(deliver["id"]!.GetValue<string>(), JsonNode.Parse(deployed.Body)!["triggeredid"]!.GetValue<string>());
    }

    [Fact]
    public async Task SyncWithoutInfos_SendsTheTrailingCommaBody_AndBosunStillCompletesTheTask()
    {
        _argo.Push("podtato-kustomize", "r3");
        var deliver = await OpenDeliverAsync();
        await ActAsWebhookAsync(deliver, passInfos: false);
        var finished = await SequenceFinishedAsync(deliver["shkeptncontext"]!.GetValue<string>());
        Assert.Equal("pass", finished["data"]!["result"]!.GetValue<string>());
        var body = (await DeliveryAsync("keptn-deployed")).Body;
        Assert.Matches("\"shkeptnspecversion\": \"0.2.3\",\\s*}\\s*$", body);
    }

    [Fact]
    public async Task RepeatedOutOfSyncNotification_StartsOneSequence()
    {
        _argo.Push("podtato-kustomize", "r4");
        var deliver = await OpenDeliverAsync();
        var outOfSync = await DeliveryAsync("keptn-outofsync");
        // Argo CD resends (no oncePer): the same body arrives again while the delivery is still open, and is
        // answered with the context of the delivery that runs.
        var answer = await RunningServer.ReadAsync(await _bosun.PostEventAsync(outOfSync.Body));
        Assert.Equal(deliver["shkeptncontext"]!.GetValue<string>(), answer["keptnContext"]!.GetValue<string>());
        Assert.Equal(deliver["id"]!.GetValue<string>(), Assert.Single(await _bosun.OpenAsync("deliver", "podtato"))!["id"]!.GetValue<string>());
        var states = await RunningServer.ReadAsync(await _bosun.Client.GetAsync("/api/controlPlane/v1/sequence/podtato"));
        Assert.Equal(1, states["totalCount"]!.GetValue<int>());
    }
}
