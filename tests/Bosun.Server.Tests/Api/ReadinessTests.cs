namespace Bosun.Server.Tests.Api;

/// <summary>
/// <c>/ready</c> is the readiness probe (DESIGN §5): 200 while the store answers, 503 with Keptn's error body when it
/// does not; <c>/health</c> stays the liveness answer either way. Neither needs a token (probes carry none).
/// </summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Ready_WhileTheStoreAnswers_Is200_WithoutAToken()
    {
        var body = await RunningServer.ReadAsync(await _server.Anonymous.GetAsync("/ready"));
        Assert.Equal("ready", body["status"]!.GetValue<string>());
        Assert.Equal("ok", body["store"]!.GetValue<string>());
        Assert.Equal("""{"store":{"status":"ok"}}""", body["checks"]!.ToJsonString());
    }

    [Fact]
    public async Task Ready_ReportsArgoCdAndPrometheusByName_DegradedButReady_WhenTheyDoNotAnswer()
    {
        // A port nothing listens on: both outside parts are down, the store is not.
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var server = await RunningServer.StartAsync(options: o => o with { ArgoCdUrl = $"http://127.0.0.1:{port}", PrometheusUrl = $"http://127.0.0.1:{port}" });
        var body = await Bosun.TestKit.Eventually.Until(async () => await RunningServer.ReadAsync(await server.Anonymous.GetAsync("/ready")),
            b => b["checks"]?["argocd"]?["message"]?.GetValue<string>().Contains("Connection refused", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10), "the watch has tried");
        Assert.Equal("degraded", body["status"]!.GetValue<string>());
        Assert.Equal("ok", body["checks"]!["store"]!["status"]!.GetValue<string>());
        Assert.Equal("degraded", body["checks"]!["argocd"]!["status"]!.GetValue<string>());
        Assert.StartsWith("the Argo CD watch does not follow Argo CD: ", body["checks"]!["argocd"]!["message"]!.GetValue<string>());
        Assert.Equal("degraded", body["checks"]!["prometheus"]!["status"]!.GetValue<string>());
        Assert.StartsWith("Prometheus does not answer: ", body["checks"]!["prometheus"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ready_WithTheArgoCdSimulatorFollowed_SaysArgoCdIsOk()
    {
        await using var argo = await Bosun.Server.Tests.ArgoCd.SimulatedArgoCdHost.StartAsync();
        await using var server = await argo.StartBosunAsync();
        var body = await Bosun.TestKit.Eventually.Until(async () => await RunningServer.ReadAsync(await server.Anonymous.GetAsync("/ready")),
            b => b["checks"]?["argocd"]?["status"]?.GetValue<string>() == "ok", TimeSpan.FromSeconds(10), "the watch follows the simulator");
        Assert.Equal("ready", body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ready_WhenTheStoreStopsAnswering_Is503NamingWhy_AndHealthStaysUp()
    {
        // The database file taken away under the running server (a lost volume): a new connection finds an empty file.
        foreach (var file in Directory.GetFiles(_server.DataDirectory, "bosun.db*"))
        {
            File.Delete(file);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var message = await RunningServer.ErrorAsync(await _server.Anonymous.GetAsync("/ready"), 503);
        Assert.StartsWith("the store does not answer: ", message);
        Assert.Equal("OK", (await RunningServer.ReadAsync(await _server.Anonymous.GetAsync("/health")))["status"]!.GetValue<string>());
    }
}
