using System.Net;
using System.Text.Json.Nodes;
using Bosun.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Bosun.Server.Tests.Api;

/// <summary>
/// DESIGN §8 through the API: a service and stage's queue holds <c>--queue-limit</c> waiting sequences; the next trigger
/// is answered 429 with <c>Retry-After</c> and <c>{code, message}</c>, and nothing of it is stored; other services and
/// reads go on.
/// </summary>
public sealed class BackpressureTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(options: o => o with { QueueLimit = 3 });
        await _server.CreateProjectAsync("podtato", Shipyards.DevThenProd, "web", "api");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<HttpResponseMessage> TriggerAsync(string service, string version, string id) =>
        _server.PostEventAsync(new JsonObject
        {
            ["id"] = id,
            ["type"] = "sh.keptn.event.dev.delivery.triggered",
            ["source"] = "ci",
            ["specversion"] = "1.0",
            ["data"] = new JsonObject { ["project"] = "podtato", ["stage"] = "dev", ["service"] = service, ["labels"] = new JsonObject { ["version"] = version } },
        }.ToJsonString());

    [Fact]
    public async Task PastTheQueueLimit_TheTriggerIs429WithRetryAfter_AndNothingIsStored()
    {
        // One runs and three wait: the queue is full.
        for (var i = 1; i <= 4; i++)
        {
            var r = await TriggerAsync("web", $"1.{i}", $"t{i}");
            Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        }
        var refused = await TriggerAsync("web", "1.5", "t5");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        var message = await RunningServer.ErrorAsync(refused, 429);
        Assert.Equal("the queue of podtato/dev/web is full: 3 sequences wait (the limit is 3); try again later", message);
        var stored = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/mongodb-datastore/event?type=sh.keptn.event.dev.delivery.triggered&pageSize=50"));
        Assert.Equal(["t4", "t3", "t2", "t1"], stored["events"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()));

        // Another service has a queue of its own; reads and the probes answer.
        Assert.Equal(HttpStatusCode.OK, (await TriggerAsync("api", "1.0", "a1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Anonymous.GetAsync("/health")).StatusCode);

        // The refused trigger, sent again once the queue moved, is taken (its id was never stored).
        var deliver = (await _server.OpenAsync("deliver", "podtato")).First(e => e!["data"]!["service"]!.GetValue<string>() == "web")!;
        await _server.AnswerAsync(deliver);
        await Eventually.Until(async () => (await TriggerAsync("web", "1.5", "t5")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "the queue to take t5");
    }
}

/// <summary>
/// DESIGN §8: client inputs waiting for the writer are bounded too; past the bound the API answers 429 with
/// Retry-After at once, without queueing or storing anything, and Bosun's own inputs are still taken.
/// </summary>
public sealed class WriterQueueBoundTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task WhileTheWriterIsBehind_AClientsEventIs429_AndNothingOfItIsStored()
    {
        var pipeline = _server.Services.GetRequiredService<Bosun.Server.Workers.EventPipeline>();
        pipeline.MaxQueuedFromClients = 1;
        using var release = new ManualResetEventSlim();
        using var running = new ManualResetEventSlim();
        // Hold the writer inside a batch, and queue one input of Bosun's own behind it: one input waits.
        var held = pipeline.Submit(_ =>
        {
            running.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return true;
        });
        Assert.True(running.Wait(TimeSpan.FromSeconds(10)));
        var queued = pipeline.Submit(_ => true);

        var refused = await _server.PostEventAsync("""{"id":"busy-1","type":"sh.keptn.log.error","source":"client","specversion":"1.0","data":{"message":"m"}}""");
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("1 inputs wait for the writer; try again later", await RunningServer.ErrorAsync(refused, 429));

        release.Set();
        Assert.True(await held && await queued);
        var stored = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/mongodb-datastore/event?type=sh.keptn.log.error"));
        Assert.Empty(stored["events"]!.AsArray());
        // Sent again once the writer caught up, it is taken.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _server.PostEventAsync("""{"id":"busy-1","type":"sh.keptn.log.error","source":"client","specversion":"1.0","data":{"message":"m"}}""")).StatusCode);
    }
}
