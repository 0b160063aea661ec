using System.Text.Json.Nodes;
using Bosun.ArgoCdSimulator.Model;
using Bosun.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Bosun.Server.Tests.ArgoCd;

/// <summary>
/// Change detection against the Argo CD simulator: a Keptn-labelled app at a new revision starts its sequence once
/// per (app, revision), across repeated watch events, dropped events with a reconnect, and a restart of Bosun.
/// </summary>
public sealed class ArgoCdChangeWatcherTests : IAsyncLifetime
{
    private readonly ArgoCdSimulation _argo = new();
    private readonly TempDirectory _data = new("bosun-argo");
    private LoopbackArgoCd _simulator = null!;
    private string _argoUrl = null!;

    public async Task InitializeAsync()
    {
        _simulator = await LoopbackArgoCd.StartAsync(_argo);
        _argoUrl = _simulator.Url;
        _argo.AddApp(new SimulatedApp
        {
            Name = "podtato-kustomize",
            Project = "ortelius",
            HeadRevision = "r1",
            Labels = { ["keptnProject"] = "podtato", ["keptnService"] = "helloservice", ["stage"] = "dev" },
            Annotations = { ["bosun.sh/sequence"] = "kickoff" },
        });
        _argo.AddApp(new SimulatedApp { Name = "unlabelled", HeadRevision = "u1" });
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        _data.Dispose();
    }

    private Task<RunningServer> StartBosunAsync() => RunningServer.StartAsync(_data.Path,
        options: o => o with { ArgoCdUrl = _argoUrl, ArgoCdToken = "argo-token" });

    private static async Task<List<JsonNode>> TriggersAsync(RunningServer bosun)
    {
        var page = await RunningServer.ReadAsync(await bosun.Client.GetAsync("/api/mongodb-datastore/event?type=sh.keptn.event.dev.kickoff.triggered&pageSize=100"));
        return page["events"]!.AsArray().Select(e => e!).ToList();
    }

    private static Task<JsonNode> WaitForTriggerAsync(RunningServer bosun, string revision) => Eventually.Found(
        async () => (await TriggersAsync(bosun)).FirstOrDefault(e => e["data"]!["labels"]!["version"]!.GetValue<string>() == revision),
        TimeSpan.FromSeconds(15),
        $"a trigger for revision {revision}");

    [Fact]
    public async Task NewRevision_StartsTheAnnotatedSequence_OncePerRevision_AcrossReconnectsDropsAndRestarts()
    {
        await using (var bosun = await StartBosunAsync())
        {
            await bosun.CreateProjectAsync("podtato", Shipyards.ArgoKickoff, "helloservice");
            _argo.Push("podtato-kustomize", "r2");
            var trigger = await WaitForTriggerAsync(bosun, "r2");
            Assert.Equal("podtato-kustomize", trigger["data"]!["labels"]!["appname"]!.GetValue<string>());
            Assert.Equal("bosun-argocd", trigger["source"]!.GetValue<string>());
            var deliver = Assert.Single(await bosun.EventsAsync("sh.keptn.event.deliver.triggered", trigger["shkeptncontext"]!.GetValue<string>()));
            Assert.Equal("r2", deliver["data"]!["labels"]!["version"]!.GetValue<string>());

            // A dropped change plus a reconnect: the re-list after reconnecting still finds r3.
            _argo.DropNextEvents(1);
            _argo.Push("podtato-kustomize", "r3");
            _argo.DisconnectWatchers();
            await WaitForTriggerAsync(bosun, "r3");
        }

        await using (var restarted = await StartBosunAsync())
        {
            // After the restart the watch re-lists the app (still OutOfSync at r3); r4 shows the watch is live again.
            _argo.Push("podtato-kustomize", "r4");
            await WaitForTriggerAsync(restarted, "r4");
            var versions = (await TriggersAsync(restarted)).Select(e => e["data"]!["labels"]!["version"]!.GetValue<string>()).Order().ToList();
            Assert.Equal(["r2", "r3", "r4"], versions);
        }
    }
}
