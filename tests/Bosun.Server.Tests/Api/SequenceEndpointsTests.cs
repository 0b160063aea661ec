using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bosun.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace Bosun.Server.Tests.Api;

public sealed class SequenceEndpointsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(time: _time);
        await _server.CreateProjectAsync("seq", Shipyards.TwoStages, "web", "api");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonObject> StateAsync(string ctx) =>
        (JsonObject)(await RunningServer.ReadAsync(await _server.Client.GetAsync($"/api/controlPlane/v1/sequence/seq?keptnContext={ctx}")))["states"]![0]!;

    private Task<HttpResponseMessage> ControlAsync(string ctx, string state, string? stage = null) =>
        _server.Client.PostAsJsonAsync($"/api/controlPlane/v1/sequence/seq/{ctx}/control", new { state, stage });

    [Fact]
    public async Task States_ShowQueuedAndStartedSequences_ThenPauseResumeAbort()
    {
        var first = await _server.TriggerAsync("seq", "dev", "delivery", "web", "1");
        var second = await _server.TriggerAsync("seq", "dev", "delivery", "web", "2");
        Assert.Equal("started", (await StateAsync(first))["state"]!.GetValue<string>());
        Assert.Equal("waiting", (await StateAsync(second))["state"]!.GetValue<string>());
        var stage = (await StateAsync(first))["stages"]![0]!;
        Assert.Equal("dev", stage["name"]!.GetValue<string>());
        Assert.Equal("sh.keptn.event.deployment.triggered", stage["latestEvent"]!["type"]!.GetValue<string>());

        await RunningServer.ReadAsync(await ControlAsync(first, "pause"));
        Assert.Equal("paused", (await StateAsync(first))["state"]!.GetValue<string>());
        await RunningServer.ReadAsync(await ControlAsync(first, "resume"));
        Assert.Equal("started", (await StateAsync(first))["state"]!.GetValue<string>());
        await RunningServer.ReadAsync(await ControlAsync(first, "abort"));
        Assert.Equal("aborted", (await StateAsync(first))["state"]!.GetValue<string>());
        // The queued one moves up once the scope is free.
        Assert.Equal("started", (await StateAsync(second))["state"]!.GetValue<string>());
        var all = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/controlPlane/v1/sequence/seq?pageSize=1"));
        Assert.Equal(2, all["totalCount"]!.GetValue<int>());
        Assert.Equal(second, all["states"]![0]!["shkeptncontext"]!.GetValue<string>());
    }

    [Fact]
    public async Task Control_BadInput()
    {
        var ctx = await _server.TriggerAsync("seq", "dev", "delivery", "api", "x");
        Assert.Contains("pause, resume or abort", await RunningServer.ErrorAsync(await ControlAsync(ctx, "stop"), 400));
        Assert.Contains("no sequence with keptnContext", await RunningServer.ErrorAsync(await ControlAsync("9d5e4c1c-0000-4000-8000-000000000000", "pause"), 404));
        Assert.Contains("project 'none'", await RunningServer.ErrorAsync(await _server.Client.PostAsJsonAsync($"/api/controlPlane/v1/sequence/none/{ctx}/control", new { state = "pause" }), 404));
        Assert.Contains("stage qa", await RunningServer.ErrorAsync(await ControlAsync(ctx, "pause", "qa"), 404));
        await RunningServer.ErrorAsync(await _server.Client.GetAsync("/api/controlPlane/v1/sequence/none"), 404);
        await RunningServer.ErrorAsync(await _server.Client.GetAsync("/api/controlPlane/v1/sequence/seq?pageSize=51"), 400);
    }

    [Fact]
    public async Task DuplicateTaskEvent_SameId_IsAcceptedOnce()
    {
        var ctx = await _server.TriggerAsync("seq", "prod", "delivery", "web", "dup");
        var task = Assert.Single(await _server.OpenAsync("deployment", "seq"))!;
        var started = new JsonObject
        {
            ["id"] = "started-once",
            ["type"] = "sh.keptn.event.deployment.started",
            ["source"] = "executor",
            ["triggeredid"] = task["id"]!.GetValue<string>(),
            ["data"] = new JsonObject { ["project"] = "seq", ["stage"] = "prod", ["service"] = "web" },
        }.ToJsonString();
        await RunningServer.ReadAsync(await _server.PostEventAsync(started));
        await RunningServer.ReadAsync(await _server.PostEventAsync(started));
        var finished = JsonNode.Parse(started)!.AsObject();
        finished["id"] = "finished-once";
        finished["type"] = "sh.keptn.event.deployment.finished";
        finished["data"]!["result"] = "pass";
        await RunningServer.ReadAsync(await _server.PostEventAsync(finished.ToJsonString()));
        // Had the repeated .started counted twice, one .finished would not balance it.
        Assert.Single(await _server.OpenAsync("release", "seq"));
        var events = await RunningServer.ReadAsync(await _server.Client.GetAsync($"/api/mongodb-datastore/event?keptnContext={ctx}&type=sh.keptn.event.deployment.started"));
        Assert.Equal(1, events["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task TaskWithoutAnswer_TimesOutThroughTheHostClock()
    {
        var ctx = await _server.TriggerAsync("seq", "dev", "delivery", "api", "late");
        _time.Advance(TimeSpan.FromMinutes(11));
        await Eventually.Until(async () => (await StateAsync(ctx))["state"]!.GetValue<string>(), state => state == "timedOut", TimeSpan.FromSeconds(10), "the sequence timing out");
        Assert.DoesNotContain(await _server.OpenAsync("deployment", "seq"), e => e!["shkeptncontext"]!.GetValue<string>() == ctx);
    }
}
