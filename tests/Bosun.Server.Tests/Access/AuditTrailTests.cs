using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bosun.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace Bosun.Server.Tests.Access;

/// <summary>
/// DESIGN §8: every kind of change records who (the token's name), what, when and on what, in the transaction that
/// makes it, queryable by project and time at <c>GET /api/bosun/v1/audit</c>, newest first.
/// </summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private RunningServer _server = null!;
    private HttpClient _ops = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(time: _time);
        _ops = AccessTokens.ClientFor(_server, await AccessTokens.CreateAsync(_server, "ops", "operator"));
    }

    public async Task DisposeAsync()
    {
        _ops.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_server.DataDirectory, recursive: true);
    }

    private async Task<List<(string Token, string Action, string Target, string? Project)>> AuditAsync(string query = "")
    {
        var page = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/bosun/v1/audit" + query));
        return [.. ((JsonArray)page["entries"]!).Select(e => (e!["token"]!.GetValue<string>(), e["action"]!.GetValue<string>(), e["target"]!.GetValue<string>(), e["project"]?.GetValue<string>()))];
    }

    [Fact]
    public async Task EachKindOfChange_IsRecorded_WithWhoWhatAndTarget()
    {
        await _server.CreateProjectAsync("shop", Shipyards.Approval, "web");
        await _server.PutResourceAsync("shop", "dev", "web", "notes.txt", "hello");
        await RunningServer.ReadAsync(await _ops.DeleteAsync("/api/resource-service/v1/project/shop/stage/dev/service/web/resource/notes.txt"));
        await RunningServer.ReadAsync(await _ops.PostAsJsonAsync("/api/secrets/v1/secret", new { name = "argo", data = new { token = "t" } }));
        await RunningServer.ReadAsync(await _ops.PutAsJsonAsync("/api/secrets/v1/secret", new { name = "argo", data = new { token = "u" } }));
        await RunningServer.ReadAsync(await _ops.DeleteAsync("/api/secrets/v1/secret?name=argo"));

        var trigger = new JsonObject
        {
            ["type"] = "sh.keptn.event.dev.delivery.triggered",
            ["source"] = "test",
            ["specversion"] = "1.0",
            ["data"] = new JsonObject { ["project"] = "shop", ["stage"] = "dev", ["service"] = "web" },
        };
        var context = (await RunningServer.ReadAsync(await _ops.PostAsync("/api/v1/event",
            new StringContent(trigger.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))))["keptnContext"]!.GetValue<string>();
        await Eventually.Until(async () => (await _server.OpenAsync("approval", "shop")).Count == 1, TimeSpan.FromSeconds(10), "the approval waits");
        var approval = (await _server.OpenAsync("approval", "shop"))[0]!["id"]!.GetValue<string>();
        await RunningServer.ReadAsync(await _ops.PostAsJsonAsync($"/api/bosun/v1/approvals/{approval}", new { decision = "approve" }));
        await RunningServer.ReadAsync(await _ops.PostAsJsonAsync($"/api/controlPlane/v1/sequence/shop/{context}/control", new { state = "abort" }));
        await RunningServer.ReadAsync(await _ops.PostAsJsonAsync("/api/controlPlane/v1/project/shop/stage/dev/service/web/evaluation", new { timeframe = "5m" }));
        await RunningServer.ReadAsync(await _server.Client.PostAsync("/api/bosun/v1/tokens/ops/rotate", null));
        await RunningServer.ReadAsync(await _server.Client.DeleteAsync("/api/controlPlane/v1/project/shop/service/web"));
        await RunningServer.ReadAsync(await _server.Client.DeleteAsync("/api/controlPlane/v1/project/shop"));
        await RunningServer.ReadAsync(await _server.Client.DeleteAsync("/api/bosun/v1/tokens/ops"));

        var entries = await AuditAsync("?pageSize=100");
        entries.Reverse();
        Assert.Equal(
        [
            ("default", "token.create", "tokens/ops", null),
            ("default", "project.create", "projects/shop", "shop"),
            ("default", "service.create", "projects/shop/services/web", "shop"),
            ("default", "resource.put", "projects/shop/stages/dev/services/web/resources/notes.txt", "shop"),
            ("ops", "resource.delete", "projects/shop/stages/dev/services/web/resources/notes.txt", "shop"),
            ("ops", "secret.create", "secrets/argo", null),
            ("ops", "secret.update", "secrets/argo", null),
            ("ops", "secret.delete", "secrets/argo", null),
            ("ops", "sequence.trigger", "projects/shop/stages/dev/services/web/sequences/delivery", "shop"),
            ("ops", "approval.approve", $"approvals/{approval}", "shop"),
            ("ops", "sequence.abort", $"projects/shop/sequences/{context}", "shop"),
            ("ops", "evaluation.trigger", "projects/shop/stages/dev/services/web", "shop"),
            ("default", "token.rotate", "tokens/ops", null),
            ("default", "service.delete", "projects/shop/services/web", "shop"),
            ("default", "project.delete", "projects/shop", "shop"),
            ("default", "token.revoke", "tokens/ops", null),
        ], entries);
    }

    [Fact]
    public async Task ARefusedChange_RecordsNothing_AndADuplicateEventIsRecordedOnce()
    {
        await _server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        var before = (await AuditAsync()).Count;
        Assert.Equal(404, (int)(await _ops.DeleteAsync("/api/secrets/v1/secret?name=none")).StatusCode);
        var evt = new JsonObject
        {
            ["id"] = "same-id",
            ["type"] = "sh.keptn.event.dev.artifact-delivery.triggered",
            ["source"] = "test",
            ["specversion"] = "1.0",
            ["data"] = new JsonObject { ["project"] = "shop", ["stage"] = "dev", ["service"] = "web" },
        };
        for (var i = 0; i < 2; i++)
        {
            await RunningServer.ReadAsync(await _ops.PostAsync("/api/v1/event", new StringContent(evt.ToJsonString(), System.Text.Encoding.UTF8, "application/json")));
        }
        var unknown = evt.DeepClone();
        unknown["id"] = "other";
        unknown["data"]!["project"] = "nope";
        Assert.Equal(404, (int)(await _ops.PostAsync("/api/v1/event", new StringContent(unknown.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        var after = await AuditAsync();
        Assert.Equal(before + 1, after.Count);
        Assert.Equal("sequence.trigger", after[0].Action);
    }

    [Fact]
    public async Task TheTrail_IsFilteredByProjectAndTime_AndPaged()
    {
        await _server.CreateProjectAsync("shop", Shipyards.Minimal);
        _time.Advance(TimeSpan.FromHours(1));
        await _server.CreateProjectAsync("bank", Shipyards.Minimal);
        _time.Advance(TimeSpan.FromHours(1));
        await _server.CreateProjectAsync("mill", Shipyards.Minimal);

        Assert.Equal(["projects/mill", "projects/bank", "projects/shop", "tokens/ops"], (await AuditAsync()).Select(e => e.Target));
        Assert.Equal(["projects/bank"], (await AuditAsync("?project=bank")).Select(e => e.Target));
        Assert.Equal(["projects/bank"], (await AuditAsync("?from=2026-12-01T10:00:00Z&to=2026-12-01T11:00:00Z")).Select(e => e.Target));
        var first = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/bosun/v1/audit?pageSize=3"));
        Assert.Equal("3", first["nextPageKey"]!.GetValue<string>());
        Assert.Equal("2026-12-01T11:00:00.000Z", first["entries"]![0]!["time"]!.GetValue<string>());
        Assert.Equal(["tokens/ops"], (await AuditAsync("?pageSize=3&nextPageKey=3")).Select(e => e.Target));
    }

    [Theory]
    [InlineData("?from=yesterday", "from: 'yesterday' is not an RFC 3339 time")]
    [InlineData("?to=12", "to: '12' is not an RFC 3339 time")]
    [InlineData("?pageSize=0", "pageSize must be a number from 1 to 500")]
    [InlineData("?nextPageKey=x", "nextPageKey must be a key returned by a previous page")]
    public async Task BadQueries_AreRefused400_NamingTheParameter(string query, string message) =>
        Assert.Contains(message, await RunningServer.ErrorAsync(await _server.Client.GetAsync("/api/bosun/v1/audit" + query), 400));

    [Fact]
    public async Task ATokenLimitedToAProject_ReadsThatProjectsTrailOnly()
    {
        await _server.CreateProjectAsync("shop", Shipyards.Minimal);
        await _server.CreateProjectAsync("bank", Shipyards.Minimal);
        using var shop = AccessTokens.ClientFor(_server, await AccessTokens.CreateAsync(_server, "shop-view", "viewer", "shop"));
        var page = await RunningServer.ReadAsync(await shop.GetAsync("/api/bosun/v1/audit?project=shop"));
        Assert.Equal("projects/shop", Assert.Single((JsonArray)page["entries"]!)!["target"]!.GetValue<string>());
        Assert.Contains("not 'bank'", await RunningServer.ErrorAsync(await shop.GetAsync("/api/bosun/v1/audit?project=bank"), 403));
        Assert.Contains("names no project", await RunningServer.ErrorAsync(await shop.GetAsync("/api/bosun/v1/audit"), 403));
    }
}
