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
    /// <summary>Samples taken first and dropped, so tiered JIT compilation of the request path is over.</summary>
    private const int Warmup = 200;

    public sealed record Result(double P50, double P90, double P99, double Max, double StartedP50, double StartedP99);

    public static async Task<Result> RunAsync(IBenchServer server, BenchSettings settings)
    {
        using var client = server.Client();
        const string shipyard = "apiVersion: spec.keptn.sh/0.2.4\nkind: Shipyard\nmetadata: { name: l }\nspec:\n  stages:\n    - name: dev\n      sequences:\n        - name: delivery\n          tasks:\n            - name: deployment\n";
        (await client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = "lat", shipyard = Convert.ToBase64String(Encoding.UTF8.GetBytes(shipyard)) })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/controlPlane/v1/project/lat/service", new { serviceName = "web" })).EnsureSuccessStatusCode();
        var samples = new List<double>();
        var started = new List<double>();
        for (var i = 0; i < settings.LatencySamples + Warmup; i++)
        {
            var body = "{\"type\":\"sh.keptn.event.dev.delivery.triggered\",\"source\":\"bench\",\"data\":{\"project\":\"lat\",\"stage\":\"dev\",\"service\":\"web\",\"labels\":{\"version\":\"v" + i + "\"}}}";
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
            if (i >= Warmup)
            {
                samples.Add(elapsed);
                started.Add(watch.Elapsed.TotalMilliseconds);
            }
            // Close the sequence so the next trigger finds the service idle.
            (await client.PostAsJsonAsync($"/api/controlPlane/v1/sequence/lat/{ctx}/control", new { state = "abort" })).EnsureSuccessStatusCode();
        }
        samples.Sort();
        started.Sort();
        return new Result(Samples.Percentile(samples, 0.50), Samples.Percentile(samples, 0.90), Samples.Percentile(samples, 0.99), samples[^1],
            Samples.Percentile(started, 0.50), Samples.Percentile(started, 0.99));
    }

}
