using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Bosun.Server.Tests.Api;

public sealed class UniformEndpointsTests : IAsyncLifetime
{
    private const string Base = "/api/controlPlane/v1/uniform/registration";
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static object Registration(string name) => new
    {
        name,
        metadata = new { hostname = "node-1", integrationversion = "1.0", kubernetesmetadata = new { @namespace = "keptn" } },
        subscriptions = new[] { new { @event = "sh.keptn.event.deployment.triggered", filter = new { projects = new[] { "podtato" }, stages = Array.Empty<string>(), services = Array.Empty<string>() } } },
    };

    [Fact]
    public async Task Register_ListPingSubscribeDelete()
    {
        var created = await _server.Client.PostAsJsonAsync(Base, Registration("helm-service"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await RunningServer.ReadAsync(created))["id"]!.GetValue<string>();
        var again = await _server.Client.PostAsJsonAsync(Base, Registration("helm-service"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await RunningServer.ReadAsync(again))["id"]!.GetValue<string>());

        var byProject = JsonNode.Parse(await _server.Client.GetStringAsync(Base + "?project=podtato"))!.AsArray();
        Assert.Equal("helm-service", Assert.Single(byProject)!["name"]!.GetValue<string>());
        Assert.Empty(JsonNode.Parse(await _server.Client.GetStringAsync(Base + "?project=other"))!.AsArray());

        var pinged = await RunningServer.ReadAsync(await _server.Client.PutAsync($"{Base}/{id}/ping", null));
        Assert.NotNull(pinged["metadata"]!["lastseen"]);

        var sub = await RunningServer.ReadAsync(await _server.Client.PostAsJsonAsync($"{Base}/{id}/subscription", new { @event = "sh.keptn.event.test.triggered" }));
        var subId = sub["id"]!.GetValue<string>();
        Assert.Equal(2, JsonNode.Parse(await _server.Client.GetStringAsync($"{Base}/{id}/subscription"))!.AsArray().Count);
        await RunningServer.ReadAsync(await _server.Client.PutAsJsonAsync($"{Base}/{id}/subscription/{subId}", new { @event = "sh.keptn.event.release.triggered" }));
        Assert.Equal("sh.keptn.event.release.triggered", (await RunningServer.ReadAsync(await _server.Client.GetAsync($"{Base}/{id}/subscription/{subId}")))["event"]!.GetValue<string>());
        await RunningServer.ReadAsync(await _server.Client.DeleteAsync($"{Base}/{id}/subscription/{subId}"));
        await RunningServer.ErrorAsync(await _server.Client.GetAsync($"{Base}/{id}/subscription/{subId}"), 404);

        await RunningServer.ReadAsync(await _server.Client.DeleteAsync($"{Base}/{id}"));
        await RunningServer.ErrorAsync(await _server.Client.DeleteAsync($"{Base}/{id}"), 404);
        await RunningServer.ErrorAsync(await _server.Client.PutAsync($"{Base}/{id}/ping", null), 404);
    }

    [Theory]
    [InlineData("""{"metadata":{}}""", "name must not be empty")]
    [InlineData("""{"name":"x","subscriptions":[{"filter":{}}]}""", "event type")]
    [InlineData("""{"name":"x","subscriptions":[{"event":"e","filter":{"projects":"p"}}]}""", "filter.projects")]
    public async Task Register_BadInput_Is400(string body, string expected) =>
        Assert.Contains(expected, await RunningServer.ErrorAsync(await _server.Client.PostAsync(Base, new StringContent(body, Encoding.UTF8, "application/json")), 400));

    [Fact]
    public async Task Log_PostThenQueryByIntegration()
    {
        await RunningServer.ReadAsync(await _server.Client.PostAsJsonAsync("/api/controlPlane/v1/log", new
        {
            logs = new[] { new { integrationid = "int-1", shkeptncontext = "c", triggeredid = "t", task = "deployment", message = "helm failed", time = "2024-01-02T15:04:05.000Z" } },
        }));
        var logs = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/controlPlane/v1/log?integrationId=int-1"));
        Assert.Equal("helm failed", logs["logs"]![0]!["message"]!.GetValue<string>());
        Assert.Equal(0, (await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/controlPlane/v1/log?integrationId=other")))["totalCount"]!.GetValue<int>());
        Assert.Contains("integrationid", await RunningServer.ErrorAsync(await _server.Client.PostAsJsonAsync("/api/controlPlane/v1/log", new { logs = new[] { new { message = "m" } } }), 400));
    }

    [Fact]
    public async Task TriggeredEvents_BadTypeOrUnknownProject()
    {
        await RunningServer.ErrorAsync(await _server.Client.GetAsync("/api/controlPlane/v1/event/triggered/sh.keptn.event.deployment.finished"), 400);
        await RunningServer.ErrorAsync(await _server.Client.GetAsync("/api/controlPlane/v1/event/triggered/sh.keptn.event.deployment.triggered?project=nope"), 404);
    }
}
