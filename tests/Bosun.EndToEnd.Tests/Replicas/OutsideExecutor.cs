using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace Bosun.EndToEnd.Tests.Replicas;

/// <summary>
/// An outside executor (a Keptn integration polling for its tasks) answering each task once, with a <c>.started</c> and a
/// passing <c>.finished</c>, through whichever replica is up. Each answer has a fixed id, so one sent again after its
/// replica died is accepted once.
/// </summary>
public sealed class OutsideExecutor(ReplicaSet replicas, string project, IReadOnlyList<string> tasks)
{
    private readonly ConcurrentDictionary<string, byte> _answered = new();

    public int Answered => _answered.Count;

    public int AnsweredAtKill { get; set; }

    /// <summary>Answers that a replica refused (it should never happen).</summary>
    public ConcurrentBag<string> Refused { get; } = [];

    public async Task AnswerOpenTasksAsync()
    {
        foreach (var task in tasks)
        {
            var open = await replicas.GetJsonAsync($"/api/controlPlane/v1/event/triggered/sh.keptn.event.{task}.triggered?project={project}&pageSize=100");
            await Parallel.ForEachAsync(open["events"]!.AsArray().Select(e => e!).Where(e => !_answered.ContainsKey(e["id"]!.GetValue<string>())),
                new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (triggered, _) =>
                {
                    await AnswerAsync(triggered, task, "started");
                    await AnswerAsync(triggered, task, "finished");
                    _answered.TryAdd(triggered["id"]!.GetValue<string>(), 0);
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
        using var answer = await replicas.PostEventAsync(new JsonObject
        {
            ["type"] = $"sh.keptn.event.{task}.{kind}",
            ["source"] = "outside-executor",
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
