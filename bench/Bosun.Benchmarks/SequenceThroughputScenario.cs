using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

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
    private static int _runs;

    public static async Task<double> RunAsync(IBenchServer server, BenchSettings settings, int executorCount)
    {
        using var client = server.Client();
        var project = $"seq-{Interlocked.Increment(ref _runs)}";
        (await client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = project, shipyard = Convert.ToBase64String(Encoding.UTF8.GetBytes(Shipyard)) })).EnsureSuccessStatusCode();
        for (var s = 0; s < settings.Services; s++)
        {
            (await client.PostAsJsonAsync($"/api/controlPlane/v1/project/{project}/service", new { serviceName = $"svc{s}" })).EnsureSuccessStatusCode();
        }
        var finished = 0;
        var watch = Stopwatch.StartNew();
        // Triggers arrive from several senders at once, as Argo CD notifications for many apps do.
        var nextTrigger = -1;
        var triggers = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref nextTrigger)) < settings.Sequences)
            {
                var body = "{\"type\":\"sh.keptn.event.dev.delivery.triggered\",\"source\":\"bench\",\"data\":{\"project\":\"" + project + "\",\"stage\":\"dev\",\"service\":\"svc" + (i % settings.Services) + "\",\"labels\":{\"version\":\"v" + i + "\"}}}";
                (await client.PostAsync("/api/v1/event", new StringContent(body, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            }
        })));
        // The executor fleet: one poller per task type feeds open tasks to the answering executors.
        var work = Channel.CreateUnbounded<(string Task, string Id, string Service)>();
        var taken = new ConcurrentDictionary<string, byte>();
        var pollers = Tasks.Select(task => Task.Run(async () =>
        {
            while (Volatile.Read(ref finished) < settings.Sequences)
            {
                var page = await client.GetFromJsonAsync<JsonObject>($"/api/controlPlane/v1/event/triggered/sh.keptn.event.{task}.triggered?project={project}&pageSize=100");
                var fresh = 0;
                foreach (var evt in page!["events"]!.AsArray())
                {
                    var id = evt!["id"]!.GetValue<string>();
                    if (taken.TryAdd(id, 0))
                    {
                        fresh++;
                        await work.Writer.WriteAsync((task, id, evt["data"]!["service"]!.GetValue<string>()));
                    }
                }
                if (fresh == 0)
                {
                    await Task.Delay(5);
                }
            }
        })).ToList();
        var executors = Enumerable.Range(0, executorCount).Select(_ => Task.Run(async () =>
        {
            while (Volatile.Read(ref finished) < settings.Sequences)
            {
                using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
                (string Task, string Id, string Service) item;
                try
                {
                    item = await work.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    continue;
                }
                var (task, id, service) = item;
                var started = $$$"""{"id":"s-{{{id}}}","type":"sh.keptn.event.{{{task}}}.started","source":"bench","triggeredid":"{{{id}}}","data":{"project":"{{{project}}}","stage":"dev","service":"{{{service}}}"}}""";
                var done = $$$"""{"id":"f-{{{id}}}","type":"sh.keptn.event.{{{task}}}.finished","source":"bench","triggeredid":"{{{id}}}","data":{"project":"{{{project}}}","stage":"dev","service":"{{{service}}}","result":"pass","status":"succeeded"}}""";
                (await client.PostAsync("/api/v1/event", new StringContent(started, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
                using var response = await client.PostAsync("/api/v1/event", new StringContent(done, Encoding.UTF8, "application/json"));
                response.EnsureSuccessStatusCode();
                if (task == "release")
                {
                    Interlocked.Increment(ref finished);
                }
            }
        })).ToList();
        await triggers;
        await Task.WhenAll(executors);
        await Task.WhenAll(pollers);
        return settings.Sequences / watch.Elapsed.TotalSeconds;
    }
}
