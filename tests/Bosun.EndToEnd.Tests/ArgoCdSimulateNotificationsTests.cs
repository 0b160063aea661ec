using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests;

/// <summary><c>bosun argocd simulate --notifications</c>: the original ConfigMap posting to a real <c>bosun serve</c>.</summary>
public sealed partial class ArgoCdSimulateCommandTests
{
    [Fact]
    public async Task Simulate_WithTheOriginalNotifications_StartsASequenceInBosun()
    {
        const string token = "bosun-token";
        await using var bosun = await BosunProcess.ServeAsync(_dir.Combine("data"), token);
        using var client = bosun.Client(token);
        const string shipyard = "apiVersion: spec.keptn.sh/0.2.2\nkind: Shipyard\nmetadata:\n  name: demo\nspec:\n  stages:\n    - name: dev\n      sequences:\n        - name: kickoff\n          tasks:\n            - name: deliver\n";
        (await client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = "podtato", shipyard = Convert.ToBase64String(Encoding.UTF8.GetBytes(shipyard)) })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/controlPlane/v1/project/podtato/service", new { serviceName = "helloservice" })).EnsureSuccessStatusCode();

        // The original ConfigMap; only the scheme changes, as the loopback server has no TLS.
        var configMap = _dir.Combine("argocd-notifications-cm.yaml");
        var original = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "argocd", "argocd-notifications-cm.yaml"));
        await File.WriteAllTextAsync(configMap, original.Replace("url: https://", "url: http://", StringComparison.Ordinal));
        var apps = _dir.Combine("apps.json");
        var app = new JsonArray(new JsonObject
        {
            ["name"] = "podtato-kustomize",
            ["revision"] = "r1",
            ["labels"] = new JsonObject { ["keptnProject"] = "podtato", ["keptnService"] = "helloservice", ["stage"] = "dev" },
            ["annotations"] = new JsonObject { ["notifications.argoproj.io/subscribe.on-out-of-sync-status.keptn"] = string.Empty },
        });
        await File.WriteAllTextAsync(apps, app.ToJsonString());
        await using var sim = await BosunProcess.StartAsync(
            ["argocd", "simulate", "--listen", "127.0.0.1:0", "--apps", apps, "--notifications", configMap,
             "--secret", $"keptn-api-hostname={bosun.Address.Authority}", "--secret", $"keptn-api-token={token}"], waitForListening: false);
        using var argo = new HttpClient { BaseAddress = await sim.SimulatorAddressAsync() };
        (await argo.PostAsJsonAsync("/sim/apps/podtato-kustomize/push", new { revision = "r2" })).EnsureSuccessStatusCode();

        var open = await Eventually.Until(
            async () => (await client.GetFromJsonAsync<JsonObject>("/api/controlPlane/v1/event/triggered/sh.keptn.event.deliver.triggered?project=podtato"))!["events"]!.AsArray(),
            events => events.Count > 0,
            TimeSpan.FromSeconds(20),
            "the notification's deliver.triggered");
        Assert.Equal("r2", Assert.Single(open)!["data"]!["labels"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Simulate_BadSecret_ExitsWithUsage()
    {
        var configMap = _dir.Combine("cm.yaml");
        await File.WriteAllTextAsync(configMap, "data: {}\n");
        await using var sim = await BosunProcess.StartAsync(["argocd", "simulate", "--listen", "127.0.0.1:0", "--notifications", configMap, "--secret", "novalue"], waitForListening: false);
        Assert.Equal(2, await sim.WaitForExitAsync());
        Assert.Contains("--secret 'novalue' is not NAME=VALUE", sim.Output);
    }
}
