using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Replicas;

/// <summary>
/// A rolling restart under constant load, as a Deployment's rollout does it: SIGTERM one replica, start it again, then
/// the other, while a client keeps triggering sequences and an executor keeps answering through whichever replica is
/// up. No call fails and no sequence is lost.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RollingRestartTests(PostgresFixture postgres)
{
    private const string Project = "roll";
    private static readonly string[] Tasks = ["deployment", "test"];
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: { name: roll }
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: deployment
                    - name: test
        """;

    [Fact]
    public async Task RollingRestart_UnderLoad_NoCallFails_NoSequenceIsLost()
    {
        await using var replicas = await ReplicaSet.StartAsync(await postgres.Server.CreateDatabaseAsync("roll"), 2);
        await replicas.CreateProjectAsync(Project, Shipyard, Enumerable.Range(0, 10).Select(s => $"svc{s}"));
        var executor = new OutsideExecutor(replicas, Project, Tasks);
        var failed = new ConcurrentBag<string>();
        var contexts = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();

        var load = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    using var answer = await replicas.TriggerAsync(Project, $"svc{i % 10}", $"roll-{i}", $"v{i}");
                    if (answer.StatusCode == HttpStatusCode.OK)
                    {
                        contexts.Add((await answer.Content.ReadFromJsonAsync<JsonObject>())!["keptnContext"]!.GetValue<string>());
                    }
                    else
                    {
                        failed.Add($"trigger {i}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
                    }
                    await executor.AnswerOpenTasksAsync();
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    failed.Add($"round {i}: {e.GetType().Name} {e.Message} {e.StackTrace}");
                }
            }
        });

        for (var replica = 0; replica < 2; replica++)
        {
            var before = contexts.Count;
            await Eventually.Until(() => contexts.Count >= before + 20, TimeSpan.FromSeconds(60), $"load running before replica {replica} restarts");
            Assert.Equal(0, await replicas.TerminateAsync(replica));
            var during = contexts.Count;
            await Eventually.Until(() => contexts.Count >= during + 10, TimeSpan.FromSeconds(60), $"load carrying on while replica {replica} is down ({string.Join("; ", failed.Take(3))})");
            await replicas.StartAsync(replica);
        }
        var after = contexts.Count;
        await Eventually.Until(() => contexts.Count >= after + 20, TimeSpan.FromSeconds(60), "load running after the rollout");
        await stop.CancelAsync();
        await load;

        var triggered = contexts.Count;
        await Eventually.Until(async () =>
        {
            await executor.AnswerOpenTasksAsync();
            return await replicas.CountAsync(Project, "sh.keptn.event.dev.delivery.finished") == triggered;
        }, TimeSpan.FromSeconds(120), "every acknowledged trigger's sequence finishing");
        Assert.Empty(failed);
        Assert.Empty(executor.Refused);
        Assert.Equal(triggered, await replicas.CountAsync(Project, "sh.keptn.event.dev.delivery.triggered"));
        foreach (var task in Tasks)
        {
            Assert.Equal(triggered, await replicas.CountAsync(Project, $"sh.keptn.event.{task}.triggered"));
            Assert.Equal(triggered, await replicas.CountAsync(Project, $"sh.keptn.event.{task}.finished"));
        }
    }
}
