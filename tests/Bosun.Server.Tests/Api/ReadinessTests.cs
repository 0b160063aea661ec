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
