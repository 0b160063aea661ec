using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.ArgoCdSimulator.Notifications;
using Bosun.TestKit;

namespace Bosun.Server.Tests.ArgoCd;

/// <summary>
/// The seed's whole loop with the original files and no Bosun-specific configuration. Argo CD's
/// notifications post <c>keptn-outofsync</c>; Bosun's webhook-service runs the original <c>keptn-config/webhook.yaml</c>
/// (placeholders filled), which calls the Argo CD simulator's <c>/sync</c> with the Keptn ids in <c>infos</c>; the
/// <c>keptn-deployed</c> notification then closes the task.
/// </summary>
public sealed class OriginalWebhookFlowTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private SimulatedArgoCdHost _argo = null!;
    private RunningServer _bosun = null!;
    private NotificationsEngine _notifications = null!;

    public async Task InitializeAsync()
    {
        _argo = await SimulatedArgoCdHost.StartAsync();
        // The simulator and Bosun share loopback here, so the webhook target is allowed explicitly.
        _bosun = await RunningServer.StartAsync(options: o => o with { WebhookAllow = "127.0.0.1" });
        await _bosun.CreateProjectAsync("podtato", Shipyards.ArgoKickoff, "helloservice");
        var configMap = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "argocd", "argocd-notifications-cm.yaml")))
            .Replace("url: https://$keptn-api-hostname", "url: http://$keptn-api-hostname", StringComparison.Ordinal);
        _notifications = new NotificationsEngine(_argo.Simulation, NotificationsConfig.Parse(configMap, new Dictionary<string, string>
        {
            ["keptn-api-hostname"] = _bosun.Client.BaseAddress!.Authority,
            ["keptn-api-token"] = RunningServer.Token,
        }), _http);
        _argo.AddApp("podtato-kustomize", configure: app =>
        {
            app.Annotations["notifications.argoproj.io/subscribe.on-deployed.keptn"] = string.Empty;
            app.Annotations["notifications.argoproj.io/subscribe.on-out-of-sync-status.keptn"] = string.Empty;
            app.Annotations["externalURI"] = "https://podtato.example.com";
        });
    }

    public async Task DisposeAsync()
    {
        await _notifications.DisposeAsync();
        _http.Dispose();
        await _bosun.DisposeAsync();
        await _argo.DisposeAsync();
    }

    [Fact]
    public async Task OriginalWebhookYaml_SyncsArgoCd_AndTheDeployedNotificationClosesTheTask()
    {
        var argo = new Uri(_argo.Url);
        // The two install-time placeholders, filled as the integration's install steps do (the simulator has no TLS).
        var webhook = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "keptn", "webhook.yaml")))
            .Replace("{{ $subscription_id }}", "0f2a3e1c-5c0d-4f6e-9d55-6a1b2c3d4e5f", StringComparison.Ordinal)
            .Replace("https://{{ $argo_api_fqdn }}", $"http://{argo.Authority}", StringComparison.Ordinal);
        var uploaded = await _bosun.Client.PostAsJsonAsync("/api/resource-service/v1/project/podtato/resource",
            new { resources = new[] { new { resourceURI = "webhook/webhook.yaml", resourceContent = Convert.ToBase64String(Encoding.UTF8.GetBytes(webhook)) } } });
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
        // As Keptn's documentation has it: `keptn create secret argo --from-literal="token=…" --scope=keptn-webhook-service`.
        var secret = await _bosun.Client.PostAsJsonAsync("/api/secrets/v1/secret", new { name = "argo", scope = "keptn-webhook-service", data = new { token = SimulatedArgoCdHost.Token } });
        Assert.True(secret.IsSuccessStatusCode, await secret.Content.ReadAsStringAsync());

        _argo.Simulation.Push("podtato-kustomize", "r2");
        var trigger = await _bosun.WaitForAsync("sh.keptn.event.dev.kickoff.triggered",
            explain: () => Task.FromResult(string.Join("\n", _notifications.Deliveries.Select(d => $"{d.Template} {d.Status}").Concat(_notifications.Errors))));
        var context = trigger["shkeptncontext"]!.GetValue<string>();
        var finished = await _bosun.WaitForAsync("sh.keptn.event.dev.kickoff.finished", context,
            explain: () => Task.FromResult(string.Join("\n", _notifications.Deliveries.Select(d => $"{d.Template} {d.Status} {d.Body}"))));

        Assert.Equal(("pass", "succeeded"), (finished["data"]!["result"]!.GetValue<string>(), finished["data"]!["status"]!.GetValue<string>()));
        var deliver = Assert.Single(await _bosun.EventsAsync("sh.keptn.event.deliver.triggered", context));
        var started = Assert.Single(await _bosun.EventsAsync("sh.keptn.event.deliver.started", context));
        Assert.Equal("webhook-service", started["source"]!.GetValue<string>());
        var sync = Assert.Single(_argo.Simulation.Syncs);
        var infos = sync.Infos.OfType<JsonObject>().ToDictionary(i => i["name"]!.GetValue<string>(), i => i["value"]!.GetValue<string>());
        Assert.Equal(deliver["id"]!.GetValue<string>(), infos["triggeredid"]);
        Assert.Equal(context, infos["shkeptncontext"]);
        var closing = Assert.Single(await _bosun.EventsAsync("sh.keptn.event.deliver.finished", context));
        Assert.Equal("argocd", closing["source"]!.GetValue<string>());
        Assert.Equal("r2", _argo.Simulation.Peek("podtato-kustomize").SyncedRevision);
    }
}
