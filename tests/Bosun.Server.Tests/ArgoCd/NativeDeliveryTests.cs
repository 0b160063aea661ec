using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.Server.Tests.ArgoCd;

/// <summary>
/// Issue 3 item 3: with <c>--argocd-url</c> set, Bosun answers <c>deliver.triggered</c> itself against the Argo CD
/// simulator — sync with the Keptn ids in <c>infos</c>, wait on the app's own state, answer <c>.finished</c>.
/// </summary>
public sealed class NativeDeliveryTests : IAsyncLifetime
{
    private const string Finished = "sh.keptn.event.deliver.finished";
    private SimulatedArgoCdHost _argo = null!;
    private readonly TempDirectory _data = new("bosun-delivery");

    public async Task InitializeAsync() => _argo = await SimulatedArgoCdHost.StartAsync();

    public async Task DisposeAsync()
    {
        await _argo.DisposeAsync();
        _data.Dispose();
    }

    private async Task<RunningServer> StartAsync(string shipyard = Shipyards.ArgoDelivery)
    {
        var bosun = await _argo.StartBosunAsync(_data.Path);
        if ((await bosun.Client.GetAsync("/api/controlPlane/v1/project/podtato")).StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            await bosun.CreateProjectAsync("podtato", shipyard, "helloservice");
        }
        return bosun;
    }

    private static Task<JsonObject> FinishedAsync(RunningServer bosun, string context) => SimulatedArgoCdHost.WaitForAsync(bosun, Finished, context);

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    [Fact]
    public async Task NewRevision_IsSyncedWithTheKeptnIds_AndFinishedWithTheDeploymentData()
    {
        _argo.AddApp("podtato-kustomize");
        await using var bosun = await StartAsync();

        _argo.Simulation.Push("podtato-kustomize", "r2", ["ghcr.io/podtato/podtato-kustomize:r2"]);
        var trigger = await SimulatedArgoCdHost.WaitForAsync(bosun, "sh.keptn.event.dev.delivery.triggered");
        var context = Text(trigger["shkeptncontext"]);
        var finished = await FinishedAsync(bosun, context);

        var data = finished["data"]!;
        Assert.Equal("bosun-argocd", Text(finished["source"]));
        Assert.Equal(("pass", "succeeded"), (Text(data["result"]), Text(data["status"])));
        Assert.Equal("podtato-kustomize", Text(data["deployment"]!["deploymentNames"]![0]));
        Assert.Equal("https://podtato-kustomize.example.com", Text(data["deployment"]!["deploymentURIsPublic"]![0]));
        Assert.Equal("r2", Text(data["argocd"]!["revision"]));
        Assert.Equal("ghcr.io/podtato/podtato-kustomize:r2", Text(data["argocd"]!["images"]![0]));
        var deliver = Assert.Single(await SimulatedArgoCdHost.EventsAsync(bosun, "sh.keptn.event.deliver.triggered", context));
        Assert.Equal(Text(deliver["id"]), Text(finished["triggeredid"]));
        Assert.Single(await SimulatedArgoCdHost.EventsAsync(bosun, "sh.keptn.event.deliver.started", context));

        // One sync, at r2, stamped with the task's triggeredid and the context.
        var sync = Assert.Single(_argo.Simulation.Syncs);
        Assert.Equal("r2", sync.Revision);
        var infos = sync.Infos.OfType<JsonObject>().ToDictionary(i => Text(i["name"]), i => Text(i["value"]));
        Assert.Equal(Text(deliver["id"]), infos["triggeredid"]);
        Assert.Equal(context, infos["shkeptncontext"]);
        var app = _argo.Simulation.Peek("podtato-kustomize");
        Assert.Equal(("Synced", "Healthy"), (app.SyncStatus, app.HealthStatus));
        await SimulatedArgoCdHost.WaitForAsync(bosun, "sh.keptn.event.dev.delivery.finished", context);
    }
}
