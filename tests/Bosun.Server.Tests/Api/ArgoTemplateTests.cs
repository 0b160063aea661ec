using Bosun.TestKit;

namespace Bosun.Server.Tests.Api;

/// <summary>
/// The original keptn-argo-integration notification templates (spec/keptn.md §1.3), rendered as Argo CD
/// would, drive a sequence unchanged: DESIGN decisions 2 and 3.
/// </summary>
public sealed class ArgoTemplateTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        await _server.CreateProjectAsync("podtato", Shipyards.ArgoKickoff, "helloservice");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string OutOfSync(string revision) => $$"""
        {
          "data": {
            "configurationChange": {},
            "labels": {
              "version": "{{revision}}",
              "appname": "podtato-kustomize",
              "argocd":  "https://argocd.example.com/applications/podtato-kustomize"
            },
            "project": "podtato",
            "service": "helloservice",
            "stage":   "dev"
          },
          "source": "argocd",
          "specversion": "1.0",
          "type": "sh.keptn.event.dev.kickoff.triggered",
          "shkeptnspecversion": "0.2.3"
        }
        """;

    /// <summary>keptn-deployed after a sync Keptn did not start: operation.info is empty, so the body ends in a trailing comma.</summary>
    private static string DeployedWithoutInfo(string revision) => $$"""
        {
          "data": {
            "configurationChange": {},
            "labels": {
              "version": "{{revision}}",
              "appname": "podtato-kustomize",
              "link":    "https://podtato.example.com",
              "buildId": "{{revision}}",
              "argocd":  "https://argocd.example.com/applications/podtato-kustomize"
            },
            "deployment": { "deploymentURIsPublic": [ "https://podtato.example.com" ] },
            "project":    "podtato",
            "service":    "helloservice",
            "stage":      "dev",
            "repository": "https://github.com/example/podtato.git",
            "result": "pass"
          },
          "source": "argocd",
          "specversion": "1.0",
          "type": "sh.keptn.event.deliver.finished",
          "shkeptnspecversion": "0.2.3",
        }
        """;

    [Fact]
    public async Task OutOfSyncThenDeployed_WithoutInfos_CompletesTheDeliverTask()
    {
        var ctx = (await RunningServer.ReadAsync(await _server.PostEventAsync(OutOfSync("a1b2c3"))))["keptnContext"]!.GetValue<string>();
        var deliver = Assert.Single(await _server.OpenAsync("deliver", "podtato"))!;
        Assert.Equal("podtato-kustomize", deliver["data"]!["labels"]!["appname"]!.GetValue<string>());
        // The webhook-service's .started, then Argo's .finished with neither triggeredid nor status.
        var started = """{"type":"sh.keptn.event.deliver.started","source":"webhook-service","data":{"project":"podtato","stage":"dev","service":"helloservice"}}""";
        await RunningServer.ReadAsync(await _server.PostEventAsync(started));
        Assert.Equal(ctx, (await RunningServer.ReadAsync(await _server.PostEventAsync(DeployedWithoutInfo("a1b2c3"))))["keptnContext"]!.GetValue<string>());
        var finished = await RunningServer.ReadAsync(await _server.Client.GetAsync($"/api/mongodb-datastore/event?keptnContext={ctx}&type=sh.keptn.event.dev.kickoff.finished"));
        var data = finished["events"]![0]!["data"]!;
        Assert.Equal(("pass", "succeeded"), (data["result"]!.GetValue<string>(), data["status"]!.GetValue<string>()));
        var stored = await RunningServer.ReadAsync(await _server.Client.GetAsync($"/api/mongodb-datastore/event?keptnContext={ctx}&type=sh.keptn.event.deliver.finished"));
        Assert.Equal(deliver["id"]!.GetValue<string>(), stored["events"]![0]!["triggeredid"]!.GetValue<string>());
    }

    [Fact]
    public async Task RepeatedOutOfSyncForTheSameRevision_IsAnsweredWithTheRunningContext_AndStoredThere_DesignDecision3()
    {
        var first = (await RunningServer.ReadAsync(await _server.PostEventAsync(OutOfSync("d4e5f6"))))["keptnContext"]!.GetValue<string>();
        var again = (await RunningServer.ReadAsync(await _server.PostEventAsync(OutOfSync("d4e5f6"))))["keptnContext"]!.GetValue<string>();
        Assert.Equal(first, again);
        Assert.Single(await _server.OpenAsync("deliver", "podtato"));
        var states = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/controlPlane/v1/sequence/podtato"));
        Assert.Equal(first, Assert.Single(states["states"]!.AsArray())!["shkeptncontext"]!.GetValue<string>());
        var triggers = await RunningServer.ReadAsync(await _server.Client.GetAsync($"/api/mongodb-datastore/event?keptnContext={first}&type=sh.keptn.event.dev.kickoff.triggered"));
        Assert.Equal(2, triggers["totalCount"]!.GetValue<int>());
        var all = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/mongodb-datastore/event?type=sh.keptn.event.dev.kickoff.triggered"));
        Assert.Equal(2, all["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task DeployedWithoutInfos_AndNoOpenTask_IsRejectedWithTheReason()
    {
        var message = await RunningServer.ErrorAsync(await _server.PostEventAsync(DeployedWithoutInfo("zzz")), 400);
        Assert.Contains("no open deliver task", message);
    }
}
