using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Replicas;

/// <summary>
/// PostgreSQL going away while two replicas serve (a failover, a restart of the database): every call that needs the
/// store answers 503 with <c>{code, message}</c>, <c>/ready</c> says not ready while <c>/health</c> stays up, nothing a
/// refused call carried is stored, and once the database is back the replicas carry on without a restart of their own.
/// The database is this test's own server, since it is stopped.
/// </summary>
public sealed class DatabaseOutageTests
{
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: { name: outage }
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: deployment
        """;

    [Fact]
    public async Task PostgresStoppedWhileServing_CallsAnswer503_NothingPartialIsStored_AndAllCarriesOnWhenItReturns()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var replicas = await ReplicaSet.StartAsync(await postgres.CreateDatabaseAsync("outage"), 2);
        await replicas.CreateProjectAsync("outage", Shipyard, ["web"]);
        (await replicas.TriggerAsync("outage", "web", "outage-trigger", "v1")).EnsureSuccessStatusCode();
        var task = await Eventually.Found(async () => (await replicas.GetJsonAsync("/api/controlPlane/v1/event/triggered/sh.keptn.event.deployment.triggered?project=outage"))["events"]!.AsArray().FirstOrDefault(), TimeSpan.FromSeconds(15), "the deployment task to be open");
        var started = new JsonObject
        {
            ["type"] = "sh.keptn.event.deployment.started",
            ["source"] = "outage-test",
            ["triggeredid"] = task["id"]!.GetValue<string>(),
            ["data"] = new JsonObject { ["project"] = "outage", ["stage"] = "dev", ["service"] = "web" },
        };
        (await replicas.PostEventAsync(started)).EnsureSuccessStatusCode();
        var finished = new JsonObject
        {
            ["type"] = "sh.keptn.event.deployment.finished",
            ["source"] = "outage-test",
            ["id"] = "outage-finished",
            ["triggeredid"] = task["id"]!.GetValue<string>(),
            ["data"] = new JsonObject { ["project"] = "outage", ["stage"] = "dev", ["service"] = "web", ["result"] = "pass", ["status"] = "succeeded" },
        };

        await postgres.StopAsync();

        using var refused = await replicas.Client(0).PostAsync("/api/v1/event", new StringContent(finished.ToJsonString(), Encoding.UTF8, "application/json"));
        await AssertUnavailableAsync(refused);
        using var read = await replicas.Client(1).GetAsync("/api/mongodb-datastore/event?project=outage");
        await AssertUnavailableAsync(read);
        foreach (var index in new[] { 0, 1 })
        {
            using var ready = await replicas.Client(index).GetAsync("/ready");
            await AssertUnavailableAsync(ready);
            using var health = await replicas.Client(index).GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        await postgres.StartAgainAsync();

        foreach (var index in new[] { 0, 1 })
        {
            await Eventually.Until(async () => (await replicas.Client(index).GetAsync("/ready")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(15), $"replica {index} to be ready again");
        }
        // The answer refused while the database was gone was not stored, not even in part: the task is still open.
        Assert.Equal(0, await replicas.CountAsync("outage", "sh.keptn.event.deployment.finished"));
        Assert.Single((await replicas.GetJsonAsync("/api/controlPlane/v1/event/triggered/sh.keptn.event.deployment.triggered?project=outage"))["events"]!.AsArray());
        // Sent again (as an executor retries a 503), through the other replica, it is taken once and the sequence ends.
        using (var accepted = await replicas.Client(1).PostAsync("/api/v1/event", new StringContent(finished.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
        await Eventually.Until(async () => await replicas.CountAsync("outage", "sh.keptn.event.dev.delivery.finished") == 1,
            TimeSpan.FromSeconds(15), "the sequence to finish once the database is back");
        Assert.Equal(1, await replicas.CountAsync("outage", "sh.keptn.event.deployment.finished"));
        // A new delivery runs from start to end as before the outage.
        (await replicas.TriggerAsync("outage", "web", "after-outage", "v2")).EnsureSuccessStatusCode();
        await Eventually.Until(async () => (await replicas.GetJsonAsync("/api/controlPlane/v1/event/triggered/sh.keptn.event.deployment.triggered?project=outage"))["events"]!.AsArray().Count == 1,
            TimeSpan.FromSeconds(15), "the next delivery's task to open");
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.False(string.IsNullOrEmpty(body?["code"]?.ToString()), $"no code in {body}");
        Assert.False(string.IsNullOrEmpty(body?["message"]?.GetValue<string>()), $"no message in {body}");
    }
}
