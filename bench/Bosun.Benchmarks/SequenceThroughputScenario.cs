using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Bosun.Benchmarks;

/// <summary>(c) Three-task sequences completed per second, executors polling the pull API and answering over HTTP.</summary>
internal static class SequenceThroughputScenario
{
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: { name: bench }
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

    private static readonly string[] Tasks = ["deployment", "test", "release"];

    public static async Task<double> RunAsync(ServerProcess server, BenchSettings settings)
    {
        using var client = server.Client();
        (await client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = "seq", shipyard = Convert.ToBase64String(Encoding.UTF8.GetBytes(Shipyard)) })).EnsureSuccessStatusCode();
        for (var s = 0; s < settings.Services; s++)
        {
            (await client.PostAsJsonAsync("/api/controlPlane/v1/project/seq/service", new { serviceName = $"svc{s}" })).EnsureSuccessStatusCode();
        }
        var finished = 0;
        var watch = Stopwatch.StartNew();
        var triggers = Task.Run(async () =>
        {
            for (var i = 0; i < settings.Sequences; i++)
            {
                var body = "{\"type\":\"sh.keptn.event.dev.delivery.triggered\",\"source\":\"bench\",\"data\":{\"project\":\"seq\",\"stage\":\"dev\",\"service\":\"svc" + (i % settings.Services) + "\",\"labels\":{\"version\":\"v" + i + "\"}}}";
                (await client.PostAsync("/api/v1/event", new StringContent(body, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            }
        });
        var executors = Enumerable.Range(0, settings.Executors).Select(worker => Task.Run(async () =>
        {
            var task = Tasks[worker % Tasks.Length];
            while (Volatile.Read(ref finished) < settings.Sequences)
            {
                var page = await client.GetFromJsonAsync<JsonObject>($"/api/controlPlane/v1/event/triggered/sh.keptn.event.{task}.triggered?project=seq&pageSize=50");
                var events = page!["events"]!.AsArray();
                if (events.Count == 0)
                {
                    await Task.Delay(2);
                    continue;
                }
                // Workers of one task type split the page so they rarely answer the same task twice.
                var share = worker / Tasks.Length;
                var workersOfType = (settings.Executors + Tasks.Length - 1 - worker % Tasks.Length) / Tasks.Length;
                foreach (var evt in events.Where((_, n) => n % workersOfType == share))
                {
                    var id = evt!["id"]!.GetValue<string>();
                    var service = evt["data"]!["service"]!.GetValue<string>();
                    var scope = $$$"""{"project":"seq","stage":"dev","service":"{{{service}}}"}""";
                    var started = $$$"""{"id":"s-{{{id}}}","type":"sh.keptn.event.{{{task}}}.started","source":"bench","triggeredid":"{{{id}}}","data":""" + scope + "}";
                    var done = $$$"""{"id":"f-{{{id}}}","type":"sh.keptn.event.{{{task}}}.finished","source":"bench","triggeredid":"{{{id}}}","data":{"project":"seq","stage":"dev","service":"{{{service}}}","result":"pass","status":"succeeded"}}""";
                    await client.PostAsync("/api/v1/event", new StringContent(started, Encoding.UTF8, "application/json"));
                    using var response = await client.PostAsync("/api/v1/event", new StringContent(done, Encoding.UTF8, "application/json"));
                    if (response.IsSuccessStatusCode && task == "release")
                    {
                        Interlocked.Increment(ref finished);
                    }
                }
            }
        })).ToList();
        await triggers;
        await Task.WhenAll(executors);
        return settings.Sequences / watch.Elapsed.TotalSeconds;
    }
}
