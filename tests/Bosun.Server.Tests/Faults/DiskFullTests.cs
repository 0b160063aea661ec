using System.Net;
using System.Text.Json.Nodes;
using Bosun.Storage;
using Bosun.Storage.Sqlite;
using Bosun.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Bosun.Server.Tests.Faults;

/// <summary>
/// DESIGN §8 store faults on the real SQLite store: its file capped by SQLite's page limit, as a full disk caps it. A
/// trigger that does not fit is 503 <c>{code, message}</c> and leaves nothing stored; what was stored before is intact;
/// once there is room again the same trigger is taken, once, and its sequence runs.
/// </summary>
public sealed class DiskFullTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        await _server.CreateProjectAsync("podtato", Shipyards.Minimal, "web");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_server.DataDirectory, recursive: true);
    }

    private Task<HttpResponseMessage> TriggerAsync(string id, int labelBytes) => _server.PostEventAsync(new JsonObject
    {
        ["id"] = id,
        ["type"] = "sh.keptn.event.dev.artifact-delivery.triggered",
        ["source"] = "ci",
        ["specversion"] = "1.0",
        ["data"] = new JsonObject
        {
            ["project"] = "podtato",
            ["stage"] = "dev",
            ["service"] = "web",
            ["labels"] = new JsonObject { ["version"] = id, ["notes"] = new string('x', labelBytes) },
        },
    }.ToJsonString());

    [Fact]
    public async Task ATriggerPastAFullDisk_Is503_StoresNothing_AndIsTakenOnceThereIsRoom()
    {
        var first = (await RunningServer.ReadAsync(await TriggerAsync("before", 10)))["keptnContext"]!.GetValue<string>();
        var store = (SqliteStore)_server.Services.GetRequiredService<IStore>();
        // No page left: the next commit that needs one fails as SQLITE_FULL.
        store.LimitPages(0);
        try
        {
            var full = await TriggerAsync("after", 60_000);
            Assert.Equal("the store is unavailable; nothing was changed, try again later", await RunningServer.ErrorAsync(full, 503));
            var stored = (await _server.EventsAsync("sh.keptn.event.dev.artifact-delivery.triggered")).Select(e => e["id"]!.GetValue<string>());
            Assert.Equal(["before"], stored);
            Assert.Equal(HttpStatusCode.OK, (await _server.Anonymous.GetAsync("/health")).StatusCode);
        }
        finally
        {
            store.LimitPages(null);
        }
        var second = (await RunningServer.ReadAsync(await TriggerAsync("after", 60_000)))["keptnContext"]!.GetValue<string>();
        Assert.NotEqual(first, second);
        Assert.Equal(2, (await _server.EventsAsync("sh.keptn.event.dev.artifact-delivery.triggered")).Count);
        // The first sequence goes on (the second queues behind it), so nothing the disk refused was half done.
        await _server.WaitForAsync("sh.keptn.event.deliver.triggered", first);
    }
}
