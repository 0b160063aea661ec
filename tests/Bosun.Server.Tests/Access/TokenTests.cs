using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bosun.Server.Access;
using Bosun.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Bosun.Server.Tests.Access;

/// <summary>Named tokens (DESIGN §8): made, used, listed without values, rotated, revoked; limited to projects.</summary>
public sealed class TokenTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        await _server.CreateProjectAsync("shop", Shipyards.Approval, "web");
        await _server.CreateProjectAsync("bank", Shipyards.Approval, "web");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_server.DataDirectory, recursive: true);
    }

    [Fact]
    public async Task AToken_IsMadeOnce_Listed_WithoutItsValue_Rotated_AndRevoked()
    {
        var created = await RunningServer.ReadAsync(await _server.Client.PostAsJsonAsync("/api/bosun/v1/tokens", new { name = "ci", role = "operator" }));
        var value = created["token"]!.GetValue<string>();
        Assert.Equal(("ci", "operator"), (created["name"]!.GetValue<string>(), created["role"]!.GetValue<string>()));
        using var ci = AccessTokens.ClientFor(_server, value);
        Assert.Equal(HttpStatusCode.OK, (await ci.GetAsync("/api/controlPlane/v1/project")).StatusCode);

        var listText = await (await _server.Client.GetAsync("/api/bosun/v1/tokens")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(value, listText, StringComparison.Ordinal);
        var list = (JsonArray)JsonNode.Parse(listText)!["tokens"]!;
        Assert.Equal(["default", "ci"], list.Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal("admin", list[0]!["role"]!.GetValue<string>());
        Assert.NotNull(list[1]!["created"]);
        Assert.Null(list[1]!["projects"]);

        var rotated = await RunningServer.ReadAsync(await _server.Client.PostAsync("/api/bosun/v1/tokens/ci/rotate", null));
        var newValue = rotated["token"]!.GetValue<string>();
        Assert.NotEqual(value, newValue);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ci.GetAsync("/api/controlPlane/v1/project")).StatusCode);
        using var ci2 = AccessTokens.ClientFor(_server, newValue);
        Assert.Equal(HttpStatusCode.OK, (await ci2.GetAsync("/api/controlPlane/v1/project")).StatusCode);

        await RunningServer.ReadAsync(await _server.Client.DeleteAsync("/api/bosun/v1/tokens/ci"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await ci2.GetAsync("/api/controlPlane/v1/project")).StatusCode);
        Assert.Contains("no token is named 'ci'", await RunningServer.ErrorAsync(await _server.Client.DeleteAsync("/api/bosun/v1/tokens/ci"), 404));
        Assert.Contains("no token is named 'ci'", await RunningServer.ErrorAsync(await _server.Client.PostAsync("/api/bosun/v1/tokens/ci/rotate", null), 404));
    }

    [Fact]
    public async Task TheStore_KeepsOnlyTheHash_OfAToken()
    {
        var value = await AccessTokens.CreateAsync(_server, "hashed", "viewer");
        var stored = Assert.Single(await _server.Services.GetRequiredService<Storage.IStore>().ListTokensAsync());
        Assert.Equal(TokenDirectory.Hash(value), stored.Hash);
        var file = await File.ReadAllBytesAsync(Path.Combine(_server.DataDirectory, "bosun.db"));
        Assert.Equal(-1, file.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(value)));
    }

    [Theory]
    [InlineData("""{"role": "viewer"}""", "name must not be empty")]
    [InlineData("""{"name": "Bad_Name", "role": "viewer"}""", "name 'Bad_Name' is not a valid name")]
    [InlineData("""{"name": 7, "role": "viewer"}""", "name must be a string")]
    [InlineData("""{"name": "ok"}""", "role must be one of admin, operator, viewer")]
    [InlineData("""{"name": "ok", "role": "root"}""", "role must be one of admin, operator, viewer")]
    [InlineData("""{"name": "ok", "role": "viewer", "projects": "shop"}""", "projects must be a non-empty array")]
    [InlineData("""{"name": "ok", "role": "viewer", "projects": []}""", "projects must be a non-empty array")]
    [InlineData("""{"name": "ok", "role": "viewer", "projects": ["shop", 3]}""", "projects[1] must not be empty")]
    [InlineData("""{"name": "ok", "role": "viewer", "projects": ["Shop"]}""", "projects[0] 'Shop' is not a valid name")]
    [InlineData("""[1]""", "request body must be a JSON object")]
    public async Task BadInput_IsRefused400_NamingTheField_AndNothingIsStored(string body, string message)
    {
        var response = await _server.Client.PostAsync("/api/bosun/v1/tokens", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Contains(message, await RunningServer.ErrorAsync(response, 400));
        Assert.Single((JsonArray)(await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/bosun/v1/tokens")))["tokens"]!);
    }

    [Fact]
    public async Task ANameIsTakenOnce_AndTheApiTokenIsNeitherMadeRotatedNorRevokedHere()
    {
        await AccessTokens.CreateAsync(_server, "twice", "viewer");
        Assert.Contains("exists already", await RunningServer.ErrorAsync(await _server.Client.PostAsJsonAsync("/api/bosun/v1/tokens", new { name = "twice", role = "admin" }), 409));
        Assert.Contains("the API token", await RunningServer.ErrorAsync(await _server.Client.PostAsJsonAsync("/api/bosun/v1/tokens", new { name = "default", role = "admin" }), 409));
        Assert.Contains("the API token", await RunningServer.ErrorAsync(await _server.Client.DeleteAsync("/api/bosun/v1/tokens/default"), 409));
        Assert.Contains("the API token", await RunningServer.ErrorAsync(await _server.Client.PostAsync("/api/bosun/v1/tokens/default/rotate", null), 409));
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync("/api/bosun/v1/tokens")).StatusCode);
    }

    [Fact]
    public async Task AViewer_ReadsButIsRefusedEveryChange_NamingTheRight_AndChangesNothing()
    {
        using var viewer = AccessTokens.ClientFor(_server, await AccessTokens.CreateAsync(_server, "watcher", "viewer"));
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/controlPlane/v1/project/shop")).StatusCode);
        var trigger = new JsonObject
        {
            ["type"] = "sh.keptn.event.dev.delivery.triggered",
            ["source"] = "test",
            ["specversion"] = "1.0",
            ["data"] = new JsonObject { ["project"] = "shop", ["stage"] = "dev", ["service"] = "web" },
        };
        var refused = await viewer.PostAsync("/api/v1/event", new StringContent(trigger.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal("the token 'watcher' (viewer) lacks the right 'operate'", await RunningServer.ErrorAsync(refused, 403));
        Assert.Empty(await _server.EventsAsync("sh.keptn.event.dev.delivery.triggered"));
        Assert.Contains("lacks the right 'administer'", await RunningServer.ErrorAsync(await viewer.DeleteAsync("/api/controlPlane/v1/project/shop"), 403));
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync("/api/controlPlane/v1/project/shop")).StatusCode);
    }

    [Fact]
    public async Task ATokenLimitedToAProject_UsesIt_AndIsRefusedEveryOther()
    {
        using var shop = AccessTokens.ClientFor(_server, await AccessTokens.CreateAsync(_server, "shop-ops", "operator", "shop"));
        var list = await RunningServer.ReadAsync(await shop.GetAsync("/api/controlPlane/v1/project"));
        Assert.Equal(["shop"], ((JsonArray)list["projects"]!).Select(p => p!["projectName"]!.GetValue<string>()));
        Assert.Equal(1, list["totalCount"]!.GetValue<int>());
        Assert.Contains("not 'bank'", await RunningServer.ErrorAsync(await shop.GetAsync("/api/controlPlane/v1/project/bank"), 403));
        Assert.Contains("names no project", await RunningServer.ErrorAsync(await shop.GetAsync("/api/mongodb-datastore/event"), 403));
        Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync("/api/mongodb-datastore/event?project=shop")).StatusCode);

        JsonObject Trigger(string project) => new()
        {
            ["type"] = "sh.keptn.event.dev.delivery.triggered",
            ["source"] = "test",
            ["specversion"] = "1.0",
            ["data"] = new JsonObject { ["project"] = project, ["stage"] = "dev", ["service"] = "web" },
        };
        Assert.Contains("not 'bank'", await RunningServer.ErrorAsync(
            await shop.PostAsync("/api/v1/event", new StringContent(Trigger("bank").ToJsonString(), System.Text.Encoding.UTF8, "application/json")), 403));
        await RunningServer.ReadAsync(await shop.PostAsync("/api/v1/event", new StringContent(Trigger("shop").ToJsonString(), System.Text.Encoding.UTF8, "application/json")));

        // An approval is checked against the project of the task it answers.
        var bankContext = await _server.TriggerAsync("bank", "dev", "delivery", "web");
        await Eventually.Until(async () => (await _server.OpenAsync("approval", "bank")).Count == 1, TimeSpan.FromSeconds(10), "the bank approval waits");
        var bankApproval = (await _server.OpenAsync("approval", "bank"))[0]!["id"]!.GetValue<string>();
        Assert.Contains("not 'bank'", await RunningServer.ErrorAsync(await shop.PostAsJsonAsync($"/api/bosun/v1/approvals/{bankApproval}", new { decision = "approve" }), 403));
        Assert.Empty(await _server.EventsAsync("sh.keptn.event.approval.finished", bankContext));
        await Eventually.Until(async () => (await _server.OpenAsync("approval", "shop")).Count == 1, TimeSpan.FromSeconds(10), "the shop approval waits");
        var shopApproval = (await _server.OpenAsync("approval", "shop"))[0]!["id"]!.GetValue<string>();
        await RunningServer.ReadAsync(await shop.PostAsJsonAsync($"/api/bosun/v1/approvals/{shopApproval}", new { decision = "approve", by = "jane" }));
        var finished = Assert.Single(await _server.EventsAsync("sh.keptn.event.approval.finished"));
        Assert.Equal(("jane", "shop-ops"), (finished["data"]!["approval"]!["by"]!.GetValue<string>(), finished["data"]!["approval"]!["token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ATokenMadeOrRevoked_IsSeenByTheNextCall_OnThisReplica()
    {
        var directory = _server.Services.GetRequiredService<TokenDirectory>();
        Assert.Null(await directory.FindAsync("nobody"));
        var value = await AccessTokens.CreateAsync(_server, "fresh", "viewer");
        Assert.Equal("fresh", (await directory.FindAsync(value))!.Name);
        await RunningServer.ReadAsync(await _server.Client.DeleteAsync("/api/bosun/v1/tokens/fresh"));
        Assert.Null(await directory.FindAsync(value));
        Assert.Equal(Caller.Default, await directory.FindAsync(RunningServer.Token));
    }
}
