using System.Net;
using System.Text.Json.Nodes;
using Bosun.Storage;
using Bosun.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bosun.Server.Tests.Faults;

/// <summary>
/// DESIGN §8 store faults, through the API with a fault-injecting store: a commit that fails answers 503
/// <c>{code, message}</c> and leaves nothing of its batch; failing reads answer 503; once the store answers again the
/// same request is taken, and a sequence in flight goes on.
/// </summary>
public sealed class StoreFaultTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private FaultyStore _faults = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(configure: services =>
        {
            // Wrap the store the composition root opened.
            var opened = services.Single(d => d.ServiceType == typeof(IStore));
            services.Replace(ServiceDescriptor.Singleton<IStore>(sp =>
            {
                var (store, faults) = FaultyStore.Wrap((IStore)opened.ImplementationFactory!(sp));
                _faults = faults;
                return store;
            }));
        });
        await _server.CreateProjectAsync("podtato", Shipyards.DevThenProd, "web");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Trigger(string id, string version) => new JsonObject
    {
        ["id"] = id,
        ["type"] = "sh.keptn.event.dev.delivery.triggered",
        ["source"] = "ci",
        ["specversion"] = "1.0",
        ["data"] = new JsonObject { ["project"] = "podtato", ["stage"] = "dev", ["service"] = "web", ["labels"] = new JsonObject { ["version"] = version } },
    }.ToJsonString();

    [Fact]
    public async Task AFailedCommit_Is503_StoresNothing_AndTheSameTriggerIsTakenOnceTheStoreAnswers()
    {
        _faults.FailCommitsStoring = "t-1";
        var failed = await _server.PostEventAsync(Trigger("t-1", "1.0"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("the store is unavailable; nothing was changed, try again later", await RunningServer.ErrorAsync(failed, 503));
        Assert.True(_faults.FailedCommits >= 1);
        _faults.FailCommitsStoring = null;
        Assert.Empty(await _server.EventsAsync("sh.keptn.event.dev.delivery.triggered"));
        Assert.Empty(await _server.EventsAsync("sh.keptn.event.deliver.triggered"));

        // The store answers again: the same event is taken, once, and its sequence runs.
        var context = (await RunningServer.ReadAsync(await _server.PostEventAsync(Trigger("t-1", "1.0"))))["keptnContext"]!.GetValue<string>();
        var deliver = await _server.WaitForAsync("sh.keptn.event.deliver.triggered", context);
        Assert.Single(await _server.EventsAsync("sh.keptn.event.dev.delivery.triggered"));

        // A commit failing in the middle of a sequence (the executor's answer) leaves the task open; sent again, it goes on.
        Assert.Equal(HttpStatusCode.OK, (await _server.PostEventAsync(new JsonObject
        {
            ["id"] = "s-1",
            ["type"] = "sh.keptn.event.deliver.started",
            ["source"] = "executor",
            ["specversion"] = "1.0",
            ["triggeredid"] = deliver["id"]!.GetValue<string>(),
            ["data"] = new JsonObject { ["project"] = "podtato", ["stage"] = "dev", ["service"] = "web" },
        }.ToJsonString())).StatusCode);
        _faults.FailCommitsStoring = "f-1";
        var answer = new JsonObject
        {
            ["id"] = "f-1",
            ["type"] = "sh.keptn.event.deliver.finished",
            ["source"] = "executor",
            ["specversion"] = "1.0",
            ["triggeredid"] = deliver["id"]!.GetValue<string>(),
            ["data"] = new JsonObject { ["project"] = "podtato", ["stage"] = "dev", ["service"] = "web", ["result"] = "pass", ["status"] = "succeeded" },
        }.ToJsonString();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _server.PostEventAsync(answer)).StatusCode);
        Assert.Single(await _server.OpenAsync("deliver", "podtato"));
        Assert.Empty(await _server.EventsAsync("sh.keptn.event.deliver.finished", context));
        _faults.FailCommitsStoring = null;
        Assert.Equal(HttpStatusCode.OK, (await _server.PostEventAsync(answer)).StatusCode);
        await _server.WaitForAsync("sh.keptn.event.dev.delivery.finished", context);
        await _server.WaitForAsync("sh.keptn.event.prod.delivery.triggered", context);
    }

    [Fact]
    public async Task FailingReads_Are503_AndTheProbesSayWhy_UntilTheStoreAnswers()
    {
        _faults.FailReads = true;
        var read = await _server.Client.GetAsync("/api/mongodb-datastore/event?type=sh.keptn.event.dev.delivery.triggered");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        Assert.Equal("the store is unavailable; nothing was changed, try again later", await RunningServer.ErrorAsync(read, 503));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _server.Anonymous.GetAsync("/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Anonymous.GetAsync("/health")).StatusCode);

        _faults.FailReads = false;
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync("/api/mongodb-datastore/event?type=sh.keptn.event.dev.delivery.triggered")).StatusCode);
        await Eventually.Until(async () => (await _server.Anonymous.GetAsync("/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "ready again");
    }

    [Fact]
    public async Task ASlowCommit_HoldsOnlyItsCaller_ReadsAndProbesGoOn_AndItAnswersOnceStored()
    {
        _faults.HoldCommitStoring = "slow-1";
        var posting = _server.PostEventAsync(Trigger("slow-1", "2.0"));
        Assert.True(_faults.Held.Wait(TimeSpan.FromSeconds(10)), "the commit was not reached");

        // While the commit waits on the disk: probes and reads answer, and the caller has no answer yet.
        Assert.Equal(HttpStatusCode.OK, (await _server.Anonymous.GetAsync("/health")).StatusCode);
        Assert.Empty(await _server.EventsAsync("sh.keptn.event.dev.delivery.triggered"));
        Assert.False(posting.IsCompleted);

        _faults.Release.Set();
        Assert.Equal(HttpStatusCode.OK, (await posting).StatusCode);
        Assert.Single(await _server.EventsAsync("sh.keptn.event.dev.delivery.triggered"));
    }
}
