using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.ArgoCdSimulator.Api;
using Bosun.ArgoCdSimulator.Model;
using Bosun.TestKit;
using Microsoft.AspNetCore.Builder;

namespace Bosun.ArgoCdSimulator.Tests.Api;

/// <summary>The simulator over real HTTP: Argo CD's paths, bearer auth, error bodies, the NDJSON watch stream.</summary>
public sealed class SimulatorHostTests : IAsyncLifetime
{
    private readonly ArgoCdSimulation _sim = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = SimulatorHost.Build(new SimulatorOptions { Listen = "127.0.0.1:0", Token = "argo-token" }, _sim);
        _client = new HttpClient { BaseAddress = await LoopbackHost.StartAsync(_app) };
        _client.DefaultRequestHeaders.Authorization = new("Bearer", "argo-token");
        var seed = """[{"name":"podtato","project":"team","revision":"r1","syncSeconds":2,"healthSeconds":0.1,"labels":{"keptnProject":"podtato"}}]""";
        (await _client.PostAsync("/sim/apps", new StringContent(seed, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task WrongToken_Is401WithGrpcGatewayBody()
    {
        using var anonymous = new HttpClient { BaseAddress = _client.BaseAddress };
        var response = await anonymous.GetAsync("/api/v1/applications");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(16, body!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task SyncOverHttp_SecondSyncIs400InProgress_ThenTheAppSettlesHealthy()
    {
        (await _client.PostAsJsonAsync("/sim/apps/podtato/push", new { revision = "r2" })).EnsureSuccessStatusCode();
        var sync = new { revision = "r2", prune = true, infos = new[] { new { name = "triggeredid", value = "t-9" } } };
        (await _client.PostAsJsonAsync("/api/v1/applications/podtato/sync", sync)).EnsureSuccessStatusCode();
        var second = await _client.PostAsJsonAsync("/api/v1/applications/podtato/sync", sync);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("another operation is already in progress", (await second.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>());

        var app = await Eventually.Until(
            async () => (await _client.GetFromJsonAsync<JsonObject>("/api/v1/applications/podtato?project=team"))!,
            a => a["status"]!["health"]!["status"]!.GetValue<string>() == "Healthy" && a["status"]!["sync"]!["status"]!.GetValue<string>() == "Synced",
            TimeSpan.FromSeconds(10),
            "the app Synced and Healthy");
        Assert.Equal("Synced", app["status"]!["sync"]!["status"]!.GetValue<string>());
        Assert.Equal("r2", app["status"]!["sync"]!["revision"]!.GetValue<string>());
        Assert.Equal("Succeeded", app["status"]!["operationState"]!["phase"]!.GetValue<string>());
        Assert.Equal("t-9", app["status"]!["operationState"]!["operation"]!["info"]![0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task MissingApp_Is403WithoutProject_404WithIt()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.GetAsync("/api/v1/applications/ghost")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/v1/applications/ghost?project=team")).StatusCode);
    }

    [Fact]
    public async Task WatchStream_IsNdjson_WithSnapshotThenChanges()
    {
        using var stream = await _client.GetStreamAsync("/api/v1/stream/applications?projects=team");
        using var reader = new StreamReader(stream);
        var first = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        Assert.Equal("ADDED", first["result"]!["type"]!.GetValue<string>());
        (await _client.PostAsJsonAsync("/sim/apps/podtato/push", new { revision = "r7" })).EnsureSuccessStatusCode();
        var next = JsonNode.Parse((await reader.ReadLineAsync())!)!;
        Assert.Equal("MODIFIED", next["result"]!["type"]!.GetValue<string>());
        Assert.Equal("r7", next["result"]!["application"]!["status"]!["sync"]!["revision"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListWithSelector_FiltersByLabel()
    {
        var hit = await _client.GetFromJsonAsync<JsonObject>("/api/v1/applications?selector=keptnProject=podtato");
        Assert.Single(hit!["items"]!.AsArray());
        var miss = await _client.GetFromJsonAsync<JsonObject>("/api/v1/applications?selector=keptnProject=other");
        Assert.Empty(miss!["items"]!.AsArray());
    }
}
