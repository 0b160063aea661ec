using System.Text.Json.Nodes;
using Bosun.ArgoCdSimulator.Model;
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

    private static Task<JsonObject> FinishedAsync(RunningServer bosun, string context) => bosun.WaitForAsync(Finished, context);

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    [Fact]
    public async Task NewRevision_IsSyncedWithTheKeptnIds_AndFinishedWithTheDeploymentData()
    {
        _argo.AddApp("podtato-kustomize");
        await using var bosun = await StartAsync();

        _argo.Simulation.Push("podtato-kustomize", "r2", ["ghcr.io/podtato/podtato-kustomize:r2"]);
        var trigger = await bosun.WaitForAsync("sh.keptn.event.dev.delivery.triggered");
        var context = Text(trigger["shkeptncontext"]);
        var finished = await FinishedAsync(bosun, context);

        var data = finished["data"]!;
        Assert.Equal("bosun-argocd", Text(finished["source"]));
        Assert.Equal(("pass", "succeeded"), (Text(data["result"]), Text(data["status"])));
        Assert.Equal("podtato-kustomize", Text(data["deployment"]!["deploymentNames"]![0]));
        Assert.Equal("https://podtato-kustomize.example.com", Text(data["deployment"]!["deploymentURIsPublic"]![0]));
        Assert.Equal("r2", Text(data["argocd"]!["revision"]));
        Assert.Equal("ghcr.io/podtato/podtato-kustomize:r2", Text(data["argocd"]!["images"]![0]));
        var deliver = Assert.Single(await bosun.EventsAsync("sh.keptn.event.deliver.triggered", context));
        Assert.Equal(Text(deliver["id"]), Text(finished["triggeredid"]));
        Assert.Single(await bosun.EventsAsync("sh.keptn.event.deliver.started", context));

        // One sync, at r2, stamped with the task's triggeredid and the context.
        var sync = Assert.Single(_argo.Simulation.Syncs);
        Assert.Equal("r2", sync.Revision);
        var infos = sync.Infos.OfType<JsonObject>().ToDictionary(i => Text(i["name"]), i => Text(i["value"]));
        Assert.Equal(Text(deliver["id"]), infos["triggeredid"]);
        Assert.Equal(context, infos["shkeptncontext"]);
        var app = _argo.Simulation.Peek("podtato-kustomize");
        Assert.Equal(("Synced", "Healthy"), (app.SyncStatus, app.HealthStatus));
        await bosun.WaitForAsync("sh.keptn.event.dev.delivery.finished", context);
    }

    private static async Task<string> ContextOfAsync(RunningServer bosun, string revision)
    {
        var found = await Eventually.Found(
            async () => (await bosun.EventsAsync("sh.keptn.event.dev.delivery.triggered")).FirstOrDefault(t => t["data"]!["labels"]?["version"]?.GetValue<string>() == revision),
            TimeSpan.FromSeconds(20),
            $"a delivery of {revision} starting");
        return Text(found["shkeptncontext"]);
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => Eventually.Until(condition, TimeSpan.FromSeconds(20), what);

    [Fact]
    public async Task AutoSyncApp_AdoptsTheOperationArgoCdStarted_AndNeverSyncsItself()
    {
        _argo.AddApp("podtato-auto", configure: a => a.AutoSync = true);
        await using var bosun = await StartAsync();

        _argo.Simulation.Push("podtato-auto", "r2");
        var finished = await FinishedAsync(bosun, await ContextOfAsync(bosun, "r2"));

        Assert.Equal("pass", Text(finished["data"]!["result"]));
        Assert.Equal("r2", Text(finished["data"]!["argocd"]!["revision"]));
        Assert.Empty(_argo.Simulation.Syncs);
        var deployed = Assert.Single(_argo.Simulation.Peek("podtato-auto").History);
        Assert.True(deployed["initiatedBy"]!["automated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ForeignOperation_IsWaitedFor_AndItsResultAtAnotherRevisionDoesNotAnswerTheDelivery()
    {
        _argo.AddApp("podtato-kustomize", configure: a => a.SyncDuration = TimeSpan.FromMilliseconds(700));
        await using var bosun = await StartAsync();

        // Someone syncs r1 by hand; while that runs, r2 lands and its delivery starts.
        _argo.Simulation.Sync("podtato-kustomize", new SyncRequest("r1", false, [], [], null), "alice");
        _argo.Simulation.Push("podtato-kustomize", "r2");
        var finished = await FinishedAsync(bosun, await ContextOfAsync(bosun, "r2"));

        Assert.Equal("pass", Text(finished["data"]!["result"]));
        Assert.Equal(["alice:r1", "admin:r2"], _argo.Simulation.Syncs.Select(s => $"{s.Username}:{s.Revision}"));
        Assert.Equal("r2", _argo.Simulation.Peek("podtato-kustomize").SyncedRevision);
    }

    [Fact]
    public async Task OperationInProgressAnswers_AreRetriedWithBackoff_UntilTheSyncIsAccepted()
    {
        _argo.AddApp("podtato-kustomize");
        await using var bosun = await StartAsync();

        _argo.Simulation.RefuseNextSyncs(2);
        _argo.Simulation.Push("podtato-kustomize", "r2");
        var finished = await FinishedAsync(bosun, await ContextOfAsync(bosun, "r2"));

        // Passing means a third request went through: the two refused ones were retried, not reported.
        Assert.Equal("pass", Text(finished["data"]!["result"]));
        Assert.Equal("r2", Assert.Single(_argo.Simulation.Syncs).Revision);
    }

    [Fact]
    public async Task FailingSync_FailsTheTaskWithArgoCdsMessage_AndTheRollbackWithoutHistoryIsErrored()
    {
        _argo.AddApp("podtato-kustomize", configure: a => a.FailingRevisions.Add("r2"));
        await using var bosun = await StartAsync();

        _argo.Simulation.Push("podtato-kustomize", "r2");
        var context = await ContextOfAsync(bosun, "r2");
        var finished = await FinishedAsync(bosun, context);

        Assert.Equal(("fail", "succeeded"), (Text(finished["data"]!["result"]), Text(finished["data"]!["status"])));
        Assert.Contains("ended Failed: one or more objects failed to apply, reason: simulated failure of revision r2", Text(finished["data"]!["message"]));
        // The shipyard's rollback sequence runs; the app has never been deployed, so there is nothing to go back to.
        var rollback = await bosun.WaitForAsync("sh.keptn.event.rollback.finished", context);
        Assert.Equal("errored", Text(rollback["data"]!["status"]));
        Assert.Contains("the history of Argo CD app podtato-kustomize has no revision other than r2", Text(rollback["data"]!["message"]));
    }

    [Fact]
    public async Task DegradedPastTheGracePeriod_Fails_AndTheRollbackReturnsToTheLastRevisionThatPassed()
    {
        _argo.AddApp("podtato-kustomize", configure: a => a.DegradedRevisions.Add("r3"));
        await using var bosun = await StartAsync();
        _argo.Simulation.Push("podtato-kustomize", "r2");
        Assert.Equal("pass", Text((await FinishedAsync(bosun, await ContextOfAsync(bosun, "r2")))["data"]!["result"]));

        _argo.Simulation.Push("podtato-kustomize", "r3");
        var context = await ContextOfAsync(bosun, "r3");
        var failed = await FinishedAsync(bosun, context);
        Assert.Equal("fail", Text(failed["data"]!["result"]));
        Assert.Contains("podtato-kustomize is Degraded at r3: Deployment \"podtato-kustomize\" exceeded its progress deadline", Text(failed["data"]!["message"]));

        var rollback = await bosun.WaitForAsync("sh.keptn.event.rollback.finished", context);
        Assert.Equal(("pass", "succeeded"), (Text(rollback["data"]!["result"]), Text(rollback["data"]!["status"])));
        Assert.Equal("r2", Text(rollback["data"]!["argocd"]!["revision"]));
        var app = _argo.Simulation.Peek("podtato-kustomize");
        Assert.Equal(("r2", "Healthy"), (app.SyncedRevision, app.HealthStatus));
        Assert.Equal(["r2", "r3", "r2"], app.History.Select(h => h["revision"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RollbackOfAnAutoSyncApp_IsRefusedByArgoCd_AndAnsweredErrored()
    {
        _argo.AddApp("podtato-auto", configure: a =>
        {
            a.AutoSync = true;
            a.DegradedRevisions.Add("r3");
        });
        await using var bosun = await StartAsync();
        _argo.Simulation.Push("podtato-auto", "r2");
        await FinishedAsync(bosun, await ContextOfAsync(bosun, "r2"));

        _argo.Simulation.Push("podtato-auto", "r3");
        var context = await ContextOfAsync(bosun, "r3");
        Assert.Equal("fail", Text((await FinishedAsync(bosun, context))["data"]!["result"]));
        var rollback = await bosun.WaitForAsync("sh.keptn.event.rollback.finished", context);
        Assert.Equal("errored", Text(rollback["data"]!["status"]));
        Assert.Equal("Argo CD refused the rollback of podtato-auto (400): rollback cannot be initiated when auto-sync is enabled", Text(rollback["data"]!["message"]));
        Assert.Equal("r3", _argo.Simulation.Peek("podtato-auto").SyncedRevision);
    }

    [Fact]
    public async Task DroppedWatchEvents_AndAReconnect_DoNotLoseTheDelivery()
    {
        _argo.AddApp("podtato-kustomize", configure: a => a.SyncDuration = TimeSpan.FromMilliseconds(500));
        await using var bosun = await StartAsync();

        _argo.Simulation.Push("podtato-kustomize", "r2");
        var context = await ContextOfAsync(bosun, "r2");
        await WaitUntilAsync(() => _argo.Simulation.Syncs.Count == 1, "Bosun synced");
        // The operation's end and the health settling never reach the watch.
        _argo.Simulation.DropNextEvents(2);
        await WaitUntilAsync(() => _argo.Simulation.Peek("podtato-kustomize").HealthStatus == "Healthy" && _argo.Simulation.Peek("podtato-kustomize").SyncedRevision == "r2", "the app is Healthy at r2");
        _argo.Simulation.DisconnectWatchers();

        Assert.Equal("pass", Text((await FinishedAsync(bosun, context))["data"]!["result"]));
    }

    [Fact]
    public async Task BosunStoppedMidDelivery_ResumesWaitingAfterTheRestart_WithoutSyncingTwice()
    {
        _argo.AddApp("podtato-kustomize", configure: a => a.SyncDuration = TimeSpan.FromSeconds(1.5));
        string context;
        await using (var bosun = await StartAsync())
        {
            _argo.Simulation.Push("podtato-kustomize", "r2");
            context = await ContextOfAsync(bosun, "r2");
            await WaitUntilAsync(() => _argo.Simulation.Syncs.Count == 1, "Bosun synced");
        }
        Assert.NotNull(_argo.Simulation.Peek("podtato-kustomize").Operation);

        await using var restarted = await StartAsync();
        Assert.Equal("pass", Text((await FinishedAsync(restarted, context))["data"]!["result"]));
        Assert.Single(_argo.Simulation.Syncs);
        Assert.Single(await restarted.EventsAsync("sh.keptn.event.deliver.started", context));
    }
}
