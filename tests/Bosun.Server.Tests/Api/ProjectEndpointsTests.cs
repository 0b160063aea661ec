using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Api;

public sealed class ProjectEndpointsTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task CreateProject_ThenGet_ShowsStagesParentsAndServicesInEveryStage()
    {
        await _server.CreateProjectAsync("podtato", Shipyards.TwoStages, "web");
        var project = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/controlPlane/v1/project/podtato"));
        Assert.Equal("podtato", project["projectName"]!.GetValue<string>());
        Assert.Equal("spec.keptn.sh/0.2.4", project["shipyardVersion"]!.GetValue<string>());
        Assert.Equal(Shipyards.TwoStages, project["shipyard"]!.GetValue<string>());
        var stages = (JsonArray)project["stages"]!;
        Assert.Equal(["dev", "prod", "canary"], stages.Select(s => s!["stageName"]!.GetValue<string>()));
        Assert.Equal("dev", stages[1]!["parentStages"]![0]!.GetValue<string>());
        Assert.All(stages, s => Assert.Equal("web", s!["services"]![0]!["serviceName"]!.GetValue<string>()));
        var service = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/controlPlane/v1/project/podtato/stage/prod/service/web"));
        Assert.Equal("web", service["serviceName"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetProject_ShowsEachServicesNewestEventOfEachType_AndItsDeployedImage()
    {
        await _server.CreateProjectAsync("imaged", Shipyards.TwoStages, "web");
        var trigger = """
            {"id":"trig-1","type":"sh.keptn.event.dev.delivery.triggered","source":"test","specversion":"1.0",
             "data":{"project":"imaged","stage":"dev","service":"web","configurationChange":{"values":{"image":"ghcr.io/podtato/web:0.2"}}}}
            """;
        Assert.Equal(HttpStatusCode.OK, (await _server.PostEventAsync(trigger)).StatusCode);
        var project = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/controlPlane/v1/project/imaged"));
        var stages = project["stages"]!.AsArray();
        var dev = stages.Single(s => s!["stageName"]!.GetValue<string>() == "dev")!["services"]![0]!;
        Assert.Equal("ghcr.io/podtato/web:0.2", dev["deployedImage"]!.GetValue<string>());
        var last = dev["lastEventTypes"]!.AsObject();
        Assert.Equal("trig-1", last["sh.keptn.event.dev.delivery.triggered"]!["eventId"]!.GetValue<string>());
        // The engine's first task of the sequence, in the trigger's commit.
        Assert.True(last.ContainsKey("sh.keptn.event.deployment.triggered"), last.ToJsonString());
        Assert.Equal(last["sh.keptn.event.dev.delivery.triggered"]!["keptnContext"]!.GetValue<string>(), last["sh.keptn.event.deployment.triggered"]!["keptnContext"]!.GetValue<string>());
        // Another stage's service saw nothing.
        var prod = stages.Single(s => s!["stageName"]!.GetValue<string>() == "prod")!["services"]![0]!;
        Assert.Empty(prod["lastEventTypes"]!.AsObject());
        Assert.Equal(string.Empty, prod["deployedImage"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListProjects_PagesWithNextPageKey()
    {
        foreach (var name in new[] { "p-a", "p-b", "p-c" })
        {
            await _server.CreateProjectAsync(name, Shipyards.Minimal);
        }
        var first = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/controlPlane/v1/project?pageSize=2"));
        Assert.Equal(3, first["totalCount"]!.GetValue<int>());
        Assert.Equal(2, first["projects"]!.AsArray().Count);
        var second = await RunningServer.ReadAsync(await _server.Client.GetAsync($"/api/controlPlane/v1/project?pageSize=2&nextPageKey={first["nextPageKey"]}"));
        Assert.Equal("p-c", Assert.Single(second["projects"]!.AsArray())!["projectName"]!.GetValue<string>());
        Assert.Equal("0", second["nextPageKey"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateProject_ChangesShipyard_ButNotItsStages()
    {
        await _server.CreateProjectAsync("upd", Shipyards.Minimal);
        var changed = Shipyards.Minimal.Replace("artifact-delivery", "delivery", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await _server.Client.PutAsJsonAsync("/api/controlPlane/v1/project", new { name = "upd", shipyard = B64(changed) })).StatusCode);
        var project = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/controlPlane/v1/project/upd"));
        Assert.Contains("- name: delivery", project["shipyard"]!.GetValue<string>());
        var message = await RunningServer.ErrorAsync(await _server.Client.PutAsJsonAsync("/api/controlPlane/v1/project", new { name = "upd", shipyard = B64(Shipyards.TwoStages) }), 400);
        Assert.Contains("stages", message);
        await RunningServer.ErrorAsync(await _server.Client.PutAsJsonAsync("/api/controlPlane/v1/project", new { name = "ghost", shipyard = B64(Shipyards.Minimal) }), 404);
    }

    [Fact]
    public async Task DeleteProject_RemovesItAndItsSequences()
    {
        await _server.CreateProjectAsync("gone", Shipyards.Minimal, "web");
        await _server.TriggerAsync("gone", "dev", "artifact-delivery", "web");
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.DeleteAsync("/api/controlPlane/v1/project/gone")).StatusCode);
        await RunningServer.ErrorAsync(await _server.Client.GetAsync("/api/controlPlane/v1/project/gone"), 404);
        await RunningServer.ErrorAsync(await _server.Client.DeleteAsync("/api/controlPlane/v1/project/gone"), 404);
        // A project of the same name starts clean.
        await _server.CreateProjectAsync("gone", Shipyards.Minimal, "web");
        Assert.Empty(await _server.OpenAsync("deliver", "gone"));
    }

    [Fact]
    public async Task Services_CreateConflictAndDelete()
    {
        await _server.CreateProjectAsync("svc", Shipyards.Minimal, "web");
        Assert.Contains("already exists", await RunningServer.ErrorAsync(await _server.Client.PostAsJsonAsync("/api/controlPlane/v1/project/svc/service", new { serviceName = "web" }), 409));
        await RunningServer.ErrorAsync(await _server.Client.PostAsJsonAsync("/api/controlPlane/v1/project/none/service", new { serviceName = "web" }), 404);
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.DeleteAsync("/api/controlPlane/v1/project/svc/service/web")).StatusCode);
        await RunningServer.ErrorAsync(await _server.Client.DeleteAsync("/api/controlPlane/v1/project/svc/service/web"), 404);
        await RunningServer.ErrorAsync(await _server.Client.GetAsync("/api/controlPlane/v1/project/svc/stage/dev/service/web"), 404);
    }

    public static TheoryData<string, int, string> BadProjects => new()
    {
        { """{"shipyard":"YQ=="}""", 400, "name must not be empty" },
        { """{"name":"Bad_Name","shipyard":"YQ=="}""", 400, "not a valid name" },
        { $$"""{"name":"{{new string('a', 201)}}","shipyard":"YQ=="}""", 400, "longer than 200" },
        { """{"name":"p"}""", 400, "shipyard must be set" },
        { """{"name":"p","shipyard":"%%%not-base64"}""", 400, "not valid base64" },
        { """{"name":"p","shipyard":123}""", 400, "not valid base64" },
        { $$"""{"name":"p","shipyard":"{{B64("apiVersion: [")}}"}""", 400, "not valid YAML" },
        { $$"""{"name":"p","shipyard":"{{B64("apiVersion: spec.keptn.sh/0.1.0\nkind: Shipyard\nspec:\n  stages:\n    - name: dev\n")}}"}""", 400, "not supported" },
        { $$"""{"name":"p","shipyard":"{{B64("apiVersion: spec.keptn.sh/0.2.0\nkind: Shipyard\nspec:\n  stages: []\n")}}"}""", 400, "at least one stage" },
        { $$"""{"name":"p","shipyard":"{{B64("apiVersion: spec.keptn.sh/0.2.0\nkind: Shipyard\nspec:\n  stages:\n    - name: Dev\n")}}"}""", 400, "spec.stages[0].name" },
        { "not json", 400, "not valid JSON" },
        { "[]", 400, "must be a JSON object" },
    };

    [Theory]
    [MemberData(nameof(BadProjects))]
    public async Task CreateProject_BadInput_NamesTheRule_AndStoresNothing(string body, int code, string expected)
    {
        var response = await _server.Client.PostAsync("/api/controlPlane/v1/project", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Contains(expected, await RunningServer.ErrorAsync(response, code));
        var list = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/controlPlane/v1/project"));
        Assert.Equal(0, list["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task CreateProject_Twice_Is409_AndFirstIsUntouched()
    {
        await _server.CreateProjectAsync("dup", Shipyards.Minimal);
        var again = await _server.Client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = "dup", shipyard = B64(Shipyards.TwoStages) });
        Assert.Contains("already exists", await RunningServer.ErrorAsync(again, 409));
        var project = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/controlPlane/v1/project/dup"));
        Assert.Equal(Shipyards.Minimal, project["shipyard"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"serviceName":"Web"}""", "not a valid name")]
    [InlineData("""{"serviceName":"a-very-long-service-name-that-exceeds-fortythree"}""", "longer than 43")]
    [InlineData("""{}""", "must not be empty")]
    public async Task CreateService_BadName_Is400(string body, string expected)
    {
        await _server.CreateProjectAsync("names", Shipyards.Minimal);
        var response = await _server.Client.PostAsync("/api/controlPlane/v1/project/names/service", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Contains(expected, await RunningServer.ErrorAsync(response, 400));
    }
}
