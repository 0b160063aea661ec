using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Bosun.Benchmarks;

/// <summary>
/// (d) On an idle server: from posting a sequence trigger until its first task's <c>.triggered</c> is stored and
/// visible to executors. The engine emits it in the trigger's own transaction, so the answer marks that moment;
/// each sample checks that the task is open. Beside it, the same run's floor: the executor's <c>.started</c> for that
/// task, the smallest event a client posts (one durable commit of one event, the engine's bookkeeping in it).
/// </summary>
internal static class TriggerLatencyScenario
{
    /// <summary>Samples taken first and dropped, in chunks, until a chunk finds the server's JIT quiet.</summary>
    private const int WarmupChunk = 100;
    private const int MinWarmup = 200;
    private const int MaxWarmup = 5000;
    // A chunk of warm-up samples during which the server's JIT compiled fewer methods than this ends the warm-up.
    private const int QuietJitMethods = 10;

    /// <param name="Server">What the server's own metrics show for the measured samples (<see cref="ServerSide"/>).</param>
    /// <param name="Warmup">Samples taken and dropped before the measured ones.</param>
    public sealed record Result(double P50, double P90, double P99, double Max, double StartedP50, double StartedP99, ServerSide Server, int Warmup);

    /// <summary>
    /// The server during the measured samples, from its <c>/metrics</c>: its writer's commits that took over 5 ms (each
    /// one durable fsync of the WAL), and the garbage collector's pauses, which stop every request in flight.
    /// </summary>
    public sealed record ServerSide(double Commits, double CommitsOver5Ms, double Collections, double PauseMs);

    public static async Task<Result> RunAsync(IBenchServer server, BenchSettings settings)
    {
        using var client = server.Client();
        const string shipyard = "apiVersion: spec.keptn.sh/0.2.4\nkind: Shipyard\nmetadata: { name: l }\nspec:\n  stages:\n    - name: dev\n      sequences:\n        - name: delivery\n          tasks:\n            - name: deployment\n";
        (await client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = "lat", shipyard = Convert.ToBase64String(Encoding.UTF8.GetBytes(shipyard)) })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/controlPlane/v1/project/lat/service", new { serviceName = "web" })).EnsureSuccessStatusCode();
        var version = 0;
        async Task<(double Triggered, double Started)> SampleAsync()
        {
            var body = "{\"type\":\"sh.keptn.event.dev.delivery.triggered\",\"source\":\"bench\",\"data\":{\"project\":\"lat\",\"stage\":\"dev\",\"service\":\"web\",\"labels\":{\"version\":\"v" + version++ + "\"}}}";
            var watch = Stopwatch.StartNew();
            using var response = await client.PostAsync("/api/v1/event", new StringContent(body, Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            var elapsed = watch.Elapsed.TotalMilliseconds;
            var open = await client.GetFromJsonAsync<JsonObject>("/api/controlPlane/v1/event/triggered/sh.keptn.event.deployment.triggered?project=lat");
            var task = open!["events"]!.AsArray().Single()!;
            var ctx = task["shkeptncontext"]!.GetValue<string>();
            var answer = "{\"type\":\"sh.keptn.event.deployment.started\",\"source\":\"bench\",\"triggeredid\":\"" + task["id"]!.GetValue<string>() +
                "\",\"shkeptncontext\":\"" + ctx + "\",\"data\":{\"project\":\"lat\",\"stage\":\"dev\",\"service\":\"web\"}}";
            watch.Restart();
            using (var posted = await client.PostAsync("/api/v1/event", new StringContent(answer, Encoding.UTF8, "application/json")))
            {
                posted.EnsureSuccessStatusCode();
            }
            var startedMs = watch.Elapsed.TotalMilliseconds;
            // Close the sequence so the next trigger finds the service idle.
            (await client.PostAsJsonAsync($"/api/controlPlane/v1/sequence/lat/{ctx}/control", new { state = "abort" })).EnsureSuccessStatusCode();
            return (elapsed, startedMs);
        }

        // Warmed up until the server's JIT is quiet: while its tiered compilation still works on a core of this machine's
        // two, a commit now and then is stretched past 5 ms (with a fixed 200 samples: 12-29 of 1,500 commits over 5 ms and a
        // p99 of 7-11 ms; after 1,500: 2 of 1,500 and 2.6 ms).
        var warmup = WarmupChunk * await JitWarmup.RunAsync(client, async () =>
        {
            for (var i = 0; i < WarmupChunk; i++)
            {
                await SampleAsync();
            }
        }, MinWarmup / WarmupChunk, MaxWarmup / WarmupChunk, QuietJitMethods);
        var samples = new List<double>();
        var started = new List<double>();
        var before = Bosun.TestKit.PrometheusText.Parse(await client.GetStringAsync("/metrics"));
        for (var i = 0; i < settings.LatencySamples; i++)
        {
            var (triggered, startedMs) = await SampleAsync();
            samples.Add(triggered);
            started.Add(startedMs);
        }
        var after = Bosun.TestKit.PrometheusText.Parse(await client.GetStringAsync("/metrics"));
        double Delta(string name, params (string, string)[] labels) => Bosun.TestKit.PrometheusText.Sum(after, name, labels) - Bosun.TestKit.PrometheusText.Sum(before, name, labels);
        var commits = Delta("bosun_writer_batch_duration_seconds_count", ("phase", "commit"));
        var side = new ServerSide(commits, commits - Delta("bosun_writer_batch_duration_seconds_bucket", ("phase", "commit"), ("le", "0.005")),
            Delta("dotnet_gc_collections_total"), 1000 * Delta("dotnet_gc_pause_time_seconds_total"));
        samples.Sort();
        started.Sort();
        return new Result(Samples.Percentile(samples, 0.50), Samples.Percentile(samples, 0.90), Samples.Percentile(samples, 0.99), samples[^1],
            Samples.Percentile(started, 0.50), Samples.Percentile(started, 0.99), side, warmup);
    }
}
