using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
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
        // The project and its services through alternating replicas: each serves what the other wrote at once.
        await replicas.CreateProjectAsync(Project, Shipyard, Enumerable.Range(0, Services).Select(s => $"svc{s}"));
        var contexts = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Sequences), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            using var answer = await replicas.TriggerAsync(Project, $"svc{i % Services}", $"trigger-{i}", $"v{i}");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            contexts.Add((await answer.Content.ReadFromJsonAsync<JsonObject>())!["keptnContext"]!.GetValue<string>());
        });
        Assert.Equal(Sequences, contexts.Distinct().Count());

        var executor = new OutsideExecutor(replicas, Project, Tasks);
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
}
