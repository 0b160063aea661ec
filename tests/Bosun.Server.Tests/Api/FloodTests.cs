using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Api;

/// <summary>
/// DESIGN §8 under a flood: 2,000 triggers for one service from 16 clients at once, on the default queue limit. Exactly
/// one sequence runs and 15 wait; every other trigger is answered 429 with <c>Retry-After</c> and leaves nothing stored,
/// so what the server holds does not grow with the flood; reads and <c>/health</c> answer throughout. (How fast they
/// answer is the benchmark's (o), not a timed assert.)
/// </summary>
public sealed class FloodTests : IAsyncLifetime
{
    private const int Triggers = 2000;
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        await _server.CreateProjectAsync("flood", Shipyards.Minimal, "web");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_server.DataDirectory, recursive: true);
    }

    [Fact]
    public async Task TwoThousandTriggers_OneRunsFifteenWait_TheRestAre429_AndReadsAnswerThroughout()
    {
        var codes = new ConcurrentBag<HttpStatusCode>();
        var retryAfter = new ConcurrentBag<TimeSpan?>();
        var next = -1;
        var flooding = true;
        var reads = Task.Run(async () =>
        {
            var answered = 0;
            while (Volatile.Read(ref flooding))
            {
                Assert.Equal(HttpStatusCode.OK, (await _server.Anonymous.GetAsync("/health")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync("/api/controlPlane/v1/sequence/flood?pageSize=20")).StatusCode);
                answered++;
            }
            return answered;
        });
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Triggers)
            {
                var evt = new JsonObject
                {
                    ["id"] = $"flood-{i}",
                    ["type"] = "sh.keptn.event.dev.artifact-delivery.triggered",
                    ["source"] = "ci",
                    ["specversion"] = "1.0",
                    ["data"] = new JsonObject { ["project"] = "flood", ["stage"] = "dev", ["service"] = "web", ["labels"] = new JsonObject { ["version"] = $"v{i}" } },
                };
                var response = await _server.Client.PostAsync("/api/v1/event", new StringContent(evt.ToJsonString(), Encoding.UTF8, "application/json"));
                codes.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    retryAfter.Add(response.Headers.RetryAfter?.Delta);
                }
            }
        })));
        Volatile.Write(ref flooding, false);
        Assert.True(await reads > 0);

        Assert.Equal(16, codes.Count(c => c == HttpStatusCode.OK));
        Assert.Equal(Triggers - 16, codes.Count(c => c == HttpStatusCode.TooManyRequests));
        Assert.All(retryAfter, r => Assert.Equal(TimeSpan.FromSeconds(5), r));
        var stored = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/mongodb-datastore/event?type=sh.keptn.event.dev.artifact-delivery.triggered&pageSize=100"));
        Assert.Equal(16, stored["totalCount"]!.GetValue<int>());
        var states = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/controlPlane/v1/sequence/flood?pageSize=50"));
        Assert.Equal(16, states["totalCount"]!.GetValue<int>());
        Assert.Single(await _server.OpenAsync("deliver", "flood"));
    }
}
