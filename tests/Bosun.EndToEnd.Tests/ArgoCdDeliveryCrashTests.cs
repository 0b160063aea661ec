using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.ArgoCdSimulator.Model;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests;

/// <summary>
/// Issue 3: the real server, SIGKILLed while Argo CD runs the sync it asked for, restarted on the same data: it
/// resumes waiting on the app, answers the delivery once, and never syncs a second time.
/// </summary>
public sealed class ArgoCdDeliveryCrashTests : IAsyncLifetime
{
    private const string Token = "crash-token";
    private readonly ArgoCdSimulation _argo = new();
    private readonly TempDirectory _data = new("bosun-argo-crash");
    private LoopbackArgoCd _simulator = null!;
    private string _argoUrl = null!;

    public async Task InitializeAsync()
    {
        _simulator = await LoopbackArgoCd.StartAsync(_argo, token: "argo");
        _argoUrl = _simulator.Url;
        _argo.AddApp(new SimulatedApp
        {
            Name = "podtato-kustomize",
            HeadRevision = "r1",
            Labels = { ["keptnProject"] = "podtato", ["keptnService"] = "helloservice", ["stage"] = "dev" },
            SyncDuration = TimeSpan.FromSeconds(3),
            HealthDelay = TimeSpan.FromMilliseconds(200),
        });
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        _data.Dispose();
    }

    private Task<BosunProcess> ServeAsync() => BosunProcess.StartAsync(
        ["serve", "--listen", "127.0.0.1:0", "--data", _data.Path, "--api-token", Token, "--argocd-url", _argoUrl, "--argocd-token", "argo"]);

    private static async Task<List<JsonNode>> EventsAsync(HttpClient client, string type)
    {
        var page = await client.GetFromJsonAsync<JsonObject>($"/api/mongodb-datastore/event?type={type}&pageSize=50");
        return page!["events"]!.AsArray().Select(e => e!).ToList();
    }

    [Fact]
    public async Task KilledWhileArgoCdSyncs_ResumesAndAnswersOnce_WithoutASecondSync()
    {
        await using (var first = await ServeAsync())
        {
            using var client = first.Client(Token);
            (await client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = "podtato", shipyard = Convert.ToBase64String(Encoding.UTF8.GetBytes(Shipyards.ArgoDelivery)) })).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync("/api/controlPlane/v1/project/podtato/service", new { serviceName = "helloservice" })).EnsureSuccessStatusCode();
            _argo.Push("podtato-kustomize", "r2");
            await Eventually.Until(() => _argo.Syncs.Count > 0, TimeSpan.FromSeconds(30), "Bosun's sync", () => Task.FromResult(first.Output));
            await first.KillAsync();
        }
        Assert.NotNull(_argo.Peek("podtato-kustomize").Operation);

        await using var second = await ServeAsync();
        using var resumed = second.Client(Token);
        var finished = await Eventually.Until(
            () => EventsAsync(resumed, "sh.keptn.event.deliver.finished"), events => events.Count > 0, TimeSpan.FromSeconds(30), "deliver.finished after the restart", explain: () => Task.FromResult(second.Output));
        Assert.Equal("pass", Assert.Single(finished)["data"]!["result"]!.GetValue<string>());
        Assert.Single(_argo.Syncs);
        Assert.Single(await EventsAsync(resumed, "sh.keptn.event.deliver.started"));
        Assert.Equal("r2", _argo.Peek("podtato-kustomize").SyncedRevision);
    }
}
