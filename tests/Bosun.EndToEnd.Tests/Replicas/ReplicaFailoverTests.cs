using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Replicas;

/// <summary>
/// Two replicas on one PostgreSQL database share the work with PostgreSQL as the only arbiter (DESIGN §5): an outside
/// executor answers through both, one replica is SIGKILLed half-way and started again, and at the end every sequence
/// finished, every task was triggered exactly once and every acknowledged event is in the store.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaFailoverTests(PostgresFixture postgres)
{
    private const string Project = "ha";
    private const int Services = 20;
    private const int Sequences = 300;
    private static readonly string[] Tasks = ["deployment", "test", "release"];
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: { name: ha }
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: deployment
                    - name: test
                    - name: release
        """;

    [Fact]
    public async Task TwoReplicas_OneKilledHalfWayAndRestarted_EverySequenceFinishes_EachTaskTriggeredOnce()
    {
        await using var replicas = await ReplicaSet.StartAsync(await postgres.Server.CreateDatabaseAsync("ha"), 2);
        // The project through one replica, its services through the other: each serves what the other wrote at once.
        (await replicas.Client(0).PostAsJsonAsync("/api/controlPlane/v1/project", new { name = Project, shipyard = Base64(Shipyard) })).EnsureSuccessStatusCode();
        for (var s = 0; s < Services; s++)
        {
            (await replicas.Client(1).PostAsJsonAsync($"/api/controlPlane/v1/project/{Project}/service", new { serviceName = $"svc{s}" })).EnsureSuccessStatusCode();
        }
        var contexts = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Sequences), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            using var answer = await replicas.PostEventAsync(new JsonObject
            {
                ["type"] = "sh.keptn.event.dev.delivery.triggered",
                ["source"] = "ha-test",
                ["id"] = $"trigger-{i}",
                ["data"] = new JsonObject
                {
                    ["project"] = Project,
                    ["stage"] = "dev",
                    ["service"] = $"svc{i % Services}",
                    ["labels"] = new JsonObject { ["version"] = $"v{i}" },
                },
            });
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            contexts.Add((await answer.Content.ReadFromJsonAsync<JsonObject>())!["keptnContext"]!.GetValue<string>());
        });
        Assert.Equal(Sequences, contexts.Distinct().Count());

        var executor = new Executor(replicas);
        var killed = false;
        var restarted = false;
        await Eventually.Until(async () =>
        {
            await executor.AnswerOpenTasksAsync();
            if (!killed && executor.Answered >= Sequences * Tasks.Length / 2)
            {
                killed = true;
                await replicas.KillAsync(0);
                executor.AnsweredAtKill = executor.Answered;
            }
            else if (killed && !restarted && executor.Answered >= executor.AnsweredAtKill + 60)
            {
                restarted = true;
                await replicas.StartAsync(0);
            }
            return restarted && await replicas.CountAsync(Project, "sh.keptn.event.dev.delivery.finished") == Sequences;
        }, TimeSpan.FromMinutes(4), "every sequence finishing through the replicas");

        Assert.Empty(executor.Refused);
        foreach (var task in Tasks)
        {
            Assert.Equal(Sequences, await replicas.CountAsync(Project, $"sh.keptn.event.{task}.triggered"));
            // Every acknowledged answer is stored, each once.
            Assert.Equal(Sequences, await replicas.CountAsync(Project, $"sh.keptn.event.{task}.started"));
            Assert.Equal(Sequences, await replicas.CountAsync(Project, $"sh.keptn.event.{task}.finished"));
        }
        Assert.Equal(Sequences, await replicas.CountAsync(Project, "sh.keptn.event.dev.delivery.triggered"));
        var finished = new HashSet<string>();
        for (var page = 0; page < Sequences / 100; page++)
        {
            var events = await replicas.GetJsonAsync($"/api/mongodb-datastore/event?project={Project}&type=sh.keptn.event.dev.delivery.finished&pageSize=100&nextPageKey={page * 100}");
            foreach (var evt in events["events"]!.AsArray())
            {
                Assert.Equal("pass", evt!["data"]!["result"]!.GetValue<string>());
                finished.Add(evt["shkeptncontext"]!.GetValue<string>());
            }
        }
        Assert.True(contexts.ToHashSet().SetEquals(finished));
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>An outside executor (a Keptn integration polling for its tasks), answering each task once through any replica.</summary>
    private sealed class Executor(ReplicaSet replicas)
    {
        private readonly ConcurrentDictionary<string, byte> _answered = new();

        public int Answered => _answered.Count;

        public int AnsweredAtKill { get; set; }

        public ConcurrentBag<string> Refused { get; } = [];

        public async Task AnswerOpenTasksAsync()
        {
            foreach (var task in Tasks)
            {
                var open = await replicas.GetJsonAsync($"/api/controlPlane/v1/event/triggered/sh.keptn.event.{task}.triggered?project={Project}&pageSize=100");
                await Parallel.ForEachAsync(open["events"]!.AsArray().Select(e => e!).Where(e => !_answered.ContainsKey(e["id"]!.GetValue<string>())),
                    new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (triggered, _) =>
                    {
                        var id = triggered["id"]!.GetValue<string>();
                        await AnswerAsync(triggered, task, "started");
                        await AnswerAsync(triggered, task, "finished");
                        _answered.TryAdd(id, 0);
                    });
            }
        }

        private async Task AnswerAsync(JsonNode triggered, string task, string kind)
        {
            var id = triggered["id"]!.GetValue<string>();
            var data = (JsonObject)triggered["data"]!.DeepClone();
            if (kind == "finished")
            {
                data["result"] = "pass";
                data["status"] = "succeeded";
            }
            // A fixed id per answer: sent again after its replica died, it is accepted once.
            using var answer = await replicas.PostEventAsync(new JsonObject
            {
                ["type"] = $"sh.keptn.event.{task}.{kind}",
                ["source"] = "ha-executor",
                ["id"] = $"{id}-{kind}",
                ["triggeredid"] = id,
                ["shkeptncontext"] = triggered["shkeptncontext"]!.GetValue<string>(),
                ["data"] = data,
            });
            if (answer.StatusCode != HttpStatusCode.OK)
            {
                Refused.Add($"{kind} of {id}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            }
        }
    }
}
