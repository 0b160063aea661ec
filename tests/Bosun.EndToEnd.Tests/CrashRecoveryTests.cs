using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests;

/// <summary>
/// SIGKILL the real server in the middle of running sequences, restart it on the same data directory, and check
/// that every sequence (and its delayed task's timer) resumes and finishes with exactly one .triggered per task.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const string Token = "crash-token";
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: { name: crash }
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: deployment
                    - name: test
                      triggeredAfter: 1s
                    - name: release
        """;

    private static readonly string[] Tasks = ["deployment", "test", "release"];
    private readonly TempDirectory _data = new("bosun-crash");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task KilledServer_ResumesEverySequence_WithOneTriggeredPerTask()
    {
        var contexts = new List<string>();
        var server = await BosunProcess.ServeAsync(_data.Path, Token);
        try
        {
            using (var client = server.Client(Token))
            {
                var created = await client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = "crash", shipyard = Convert.ToBase64String(Encoding.UTF8.GetBytes(Shipyard)) });
                created.EnsureSuccessStatusCode();
                for (var s = 1; s <= 4; s++)
                {
                    (await client.PostAsJsonAsync("/api/controlPlane/v1/project/crash/service", new { serviceName = $"svc{s}" })).EnsureSuccessStatusCode();
                }
                for (var i = 0; i < 12; i++)
                {
                    var evt = new JsonObject
                    {
                        ["type"] = "sh.keptn.event.dev.delivery.triggered",
                        ["source"] = "crash-test",
                        ["id"] = $"trigger-{i}",
                        ["data"] = new JsonObject { ["project"] = "crash", ["stage"] = "dev", ["service"] = $"svc{i % 4 + 1}", ["labels"] = new JsonObject { ["version"] = $"v{i}" } },
                    };
                    var answer = await client.PostAsync("/api/v1/event", new StringContent(evt.ToJsonString(), Encoding.UTF8, "application/json"));
                    contexts.Add((await RunningJson(answer))["keptnContext"]!.GetValue<string>());
                }
                // Answer tasks until half are done, then kill between a .started and its .finished.
                var answered = 0;
                await Eventually.Until(
                    async () =>
                    {
                        answered += await AnswerOpenTasksAsync(client, killAfterStarted: answered >= 12 ? server : null);
                        return server.HasExited;
                    },
                    TimeSpan.FromSeconds(60),
                    "the kill between a .started and its .finished");
                Assert.InRange(answered, 13, 30);
            }
            Assert.True(server.HasExited);
            await server.DisposeAsync();

            server = await BosunProcess.ServeAsync(_data.Path, Token);
            using var resumed = server.Client(Token);
            // Answering what is open is part of each poll: the restarted server re-opens the tasks it had in hand.
            await Eventually.Until(
                async () =>
                {
                    if (await AllFinishedAsync(resumed, contexts))
                    {
                        return true;
                    }
                    await AnswerOpenTasksAsync(resumed, null);
                    return false;
                },
                TimeSpan.FromSeconds(90),
                "every sequence finishing after the restart",
                () => Task.FromResult(server.Output));
            foreach (var context in contexts)
            {
                foreach (var task in Tasks)
                {
                    Assert.Equal(1, await CountAsync(resumed, context, $"sh.keptn.event.{task}.triggered"));
                }
                Assert.Equal(1, await CountAsync(resumed, context, "sh.keptn.event.dev.delivery.finished"));
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Answers every open task once (started, then finished) with ids derived from the task, so retries dedupe.</summary>
    private static async Task<int> AnswerOpenTasksAsync(HttpClient client, BosunProcess? killAfterStarted)
    {
        var answered = 0;
        foreach (var task in Tasks)
        {
            var page = await RunningJson(await client.GetAsync($"/api/controlPlane/v1/event/triggered/sh.keptn.event.{task}.triggered?project=crash&pageSize=100"));
            foreach (var open in page["events"]!.AsArray())
            {
                var id = open!["id"]!.GetValue<string>();
                var data = open["data"]!;
                JsonObject Answer(string kind) => new()
                {
                    ["type"] = $"sh.keptn.event.{task}.{kind}",
                    ["source"] = "crash-executor",
                    ["id"] = $"{kind}-{id}",
                    ["triggeredid"] = id,
                    ["data"] = new JsonObject
                    {
                        ["project"] = "crash",
                        ["stage"] = "dev",
                        ["service"] = data["service"]!.GetValue<string>(),
                        ["result"] = kind == "finished" ? "pass" : null,
                        ["status"] = kind == "finished" ? "succeeded" : null,
                    },
                };
                await RunningJson(await client.PostAsync("/api/v1/event", new StringContent(Answer("started").ToJsonString(), Encoding.UTF8, "application/json")));
                if (killAfterStarted is not null)
                {
                    await killAfterStarted.KillAsync();
                    return answered + 1;
                }
                await RunningJson(await client.PostAsync("/api/v1/event", new StringContent(Answer("finished").ToJsonString(), Encoding.UTF8, "application/json")));
                answered++;
            }
        }
        return answered;
    }

    private static async Task<bool> AllFinishedAsync(HttpClient client, List<string> contexts)
    {
        var states = await RunningJson(await client.GetAsync($"/api/controlPlane/v1/sequence/crash?pageSize=50&keptnContext={string.Join(',', contexts)}"));
        var list = states["states"]!.AsArray();
        return list.Count == contexts.Count && list.All(s => s!["state"]!.GetValue<string>() == "finished");
    }

    private static async Task<int> CountAsync(HttpClient client, string context, string type) =>
        (await RunningJson(await client.GetAsync($"/api/mongodb-datastore/event?keptnContext={context}&type={type}")))["totalCount"]!.GetValue<int>();

    private static async Task<JsonObject> RunningJson(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return (JsonObject)JsonNode.Parse(text)!;
    }
}
