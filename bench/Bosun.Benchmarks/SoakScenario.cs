using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bosun.Benchmarks;

/// <summary>
/// (q) The soak: one server (SQLite, the default queue limit) under a steady mixed load for an hour, its RSS sampled
/// every minute. Each sequence runs a task answered by outside executors (this driver, over the pull API), a webhook
/// task against a local receiver, and an SLO evaluation whose SLI provider is this driver; readers list sequences,
/// query events and read the project meanwhile. Prints one row a sample as it is taken, then the growth after the warm-up
/// beside its limit (10%). <c>--minutes N</c> shortens or lengthens it.
/// </summary>
internal static class SoakScenario
{
    private const string Project = "soak";
    private const int Services = 50;
    private const int Objectives = 3;
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: { name: soak }
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: deployment
                    - name: test
                    - name: evaluation
                      properties: { timeframe: 5m }
        """;

    /// <summary>How long, how often sampled, how many samples are warm-up, and the triggers sent a second.</summary>
    internal sealed record Plan(TimeSpan Duration, TimeSpan Every, int WarmupSamples, int Rate)
    {
        public static Plan From(string[] args, bool smoke)
        {
            if (smoke)
            {
                return new Plan(TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(3), 1, 10);
            }
            var at = Array.IndexOf(args, "--minutes");
            var minutes = at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var given) && given > 0 ? given : 60;
            // The first sixth (ten minutes of an hour) is warm-up: caches fill, the JIT settles, SQLite's page cache grows.
            return new Plan(TimeSpan.FromMinutes(minutes), TimeSpan.FromMinutes(1), Math.Max(1, minutes / 6), 20);
        }
    }

    /// <param name="Queued">Sequences waiting for their service's current one (Bosun's <c>bosun_queue_depth</c>): a server that keeps up keeps it low.</param>
    internal sealed record Sample(TimeSpan At, double RssMiB, long Finished, double PerSecond, long Refused, long Queued, double StoreMiB, double ReadP99);

    internal sealed record Result(Plan Plan, IReadOnlyList<Sample> Samples, double Growth, double RssBeforeLoad);

    public static async Task<Result> RunAsync(Plan plan, Action<Sample> print)
    {
        var receiver = await StartReceiverAsync();
        try
        {
            await using var server = await ServerProcess.StartAsync("--webhook-allow", "127.0.0.1", "--queue-limit", "15");
            using var client = server.Client();
            await SetUpAsync(client, receiver.Urls.First() + "/hook");
            var rssBeforeLoad = server.RssMiB();

            using var stop = new CancellationTokenSource();
            var counters = new Counters();
            var reads = new ConcurrentQueue<double>();
            var load = new List<Task>
            {
                Task.Run(() => TriggerAsync(client, plan.Rate, counters, stop.Token)),
                Task.Run(() => ExecuteAsync(client, counters, stop.Token)),
                Task.Run(() => ProvideSlisAsync(client, stop.Token)),
                Task.Run(() => ReadAsync(client, reads, stop.Token)),
            };
            var samples = new List<Sample>();
            var watch = Stopwatch.StartNew();
            long finishedBefore = 0;
            for (var n = 1; watch.Elapsed < plan.Duration; n++)
            {
                var due = plan.Every * n - watch.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.WhenAny(Task.Delay(due), Task.WhenAny(load));
                }
                if (load.FirstOrDefault(t => t.IsFaulted) is { } failed)
                {
                    await failed;
                }
                var finished = await FinishedAsync(client);
                var read = new List<double>();
                while (reads.TryDequeue(out var r))
                {
                    read.Add(r);
                }
                read.Sort();
                var sample = new Sample(watch.Elapsed, server.RssMiB(), finished, (finished - finishedBefore) / plan.Every.TotalSeconds,
                    Volatile.Read(ref counters.Refused), await QueuedAsync(client), StoreMiB(server.DataDirectory), read.Count > 0 ? Samples.Percentile(read, 0.99) : 0);
                finishedBefore = finished;
                samples.Add(sample);
                print(sample);
            }
            await stop.CancelAsync();
            await Task.WhenAll(load.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            if (load.FirstOrDefault(t => t.IsFaulted) is { } broken)
            {
                await broken;
            }
            var warm = samples[Math.Min(plan.WarmupSamples, samples.Count) - 1].RssMiB;
            var peak = samples.Skip(plan.WarmupSamples).Select(s => s.RssMiB).DefaultIfEmpty(warm).Max();
            return new Result(plan, samples, (peak - warm) / warm, rssBeforeLoad);
        }
        finally
        {
            await receiver.StopAsync();
            await receiver.DisposeAsync();
        }
    }

    /// <summary>Ids this driver answered, forgotten after a minute (by then the store shows them closed), so the set stays small.</summary>
    private sealed class Answered
    {
        private readonly Dictionary<string, long> _at = new(StringComparer.Ordinal);
        private long _prunedAt = Stopwatch.GetTimestamp();

        public bool Add(string id)
        {
            if (Stopwatch.GetElapsedTime(_prunedAt) > TimeSpan.FromMinutes(1))
            {
                var old = Stopwatch.GetTimestamp() - Stopwatch.Frequency * 60;
                foreach (var (key, _) in _at.Where(a => a.Value < old).ToList())
                {
                    _at.Remove(key);
                }
                _prunedAt = Stopwatch.GetTimestamp();
            }
            return _at.TryAdd(id, Stopwatch.GetTimestamp());
        }
    }

    private sealed class Counters
    {
        public long Triggered;
        public long Refused;
    }

    private static async Task SetUpAsync(HttpClient client, string hook)
    {
        (await client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = Project, shipyard = B64(Shipyard) })).EnsureSuccessStatusCode();
        for (var s = 0; s < Services; s++)
        {
            (await client.PostAsJsonAsync($"/api/controlPlane/v1/project/{Project}/service", new { serviceName = $"svc-{s}" })).EnsureSuccessStatusCode();
        }
        var webhook = $"apiVersion: webhookconfig.keptn.sh/v1beta1\nkind: WebhookConfig\nmetadata: {{name: soak}}\nspec:\n  webhooks:\n    - type: sh.keptn.event.test.triggered\n      sendFinished: true\n      requests:\n        - url: {hook}\n          method: POST\n          headers:\n            - key: Content-Type\n              value: application/json\n          payload: '{{\"id\": \"{{{{.id}}}}\"}}'\n";
        var slo = new StringBuilder("objectives:\n");
        for (var i = 0; i < Objectives; i++)
        {
            slo.Append("  - sli: sli_").Append(i).Append("\n    pass: [{criteria: ['<600']}]\n");
        }
        slo.Append("total_score: {pass: '90%', warning: '75%'}\n");
        (await client.PostAsJsonAsync($"/api/resource-service/v1/project/{Project}/resource",
            new { resources = new[] { new { resourceURI = "webhook/webhook.yaml", resourceContent = B64(webhook) } } })).EnsureSuccessStatusCode();
        for (var s = 0; s < Services; s++)
        {
            // Keptn's lighthouse reads slo.yaml at service level only.
            (await client.PostAsJsonAsync($"/api/resource-service/v1/project/{Project}/stage/dev/service/svc-{s}/resource",
                new { resources = new[] { new { resourceURI = "slo.yaml", resourceContent = B64(slo.ToString()) } } })).EnsureSuccessStatusCode();
        }
        var configure = "{\"type\":\"sh.keptn.event.monitoring.configure\",\"source\":\"soak\",\"data\":{\"project\":\"" + Project + "\",\"type\":\"soak-provider\"}}";
        (await client.PostAsync("/api/v1/event", new StringContent(configure, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
    }

    /// <summary>A steady <paramref name="rate"/> triggers a second over the services; a 429 (the queue limit) is counted and the trigger dropped.</summary>
    private static async Task TriggerAsync(HttpClient client, int rate, Counters counters, CancellationToken stop)
    {
        var watch = Stopwatch.StartNew();
        for (long i = 0; !stop.IsCancellationRequested; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate) - watch.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Delay(due, stop);
            }
            var body = "{\"type\":\"sh.keptn.event.dev.delivery.triggered\",\"source\":\"soak\",\"data\":{\"project\":\"" + Project + "\",\"stage\":\"dev\",\"service\":\"svc-" + (i % Services) + "\",\"labels\":{\"version\":\"v" + i + "\"}}}";
            using var response = await Send(client, c => c.PostAsync("/api/v1/event", new StringContent(body, Encoding.UTF8, "application/json"), stop));
            if (response is null)
            {
                return;
            }
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Interlocked.Increment(ref counters.Refused);
                continue;
            }
            response.EnsureSuccessStatusCode();
            Interlocked.Increment(ref counters.Triggered);
        }
    }

    /// <summary>The outside executor of <c>deployment</c>: polls the open tasks and answers each with .started and .finished.</summary>
    private static async Task ExecuteAsync(HttpClient client, Counters counters, CancellationToken stop)
    {
        var answered = new Answered();
        while (!stop.IsCancellationRequested)
        {
            var page = await Read(client, $"/api/controlPlane/v1/event/triggered/sh.keptn.event.deployment.triggered?project={Project}&pageSize=100", stop);
            var fresh = (page?["events"]?.AsArray().OfType<JsonObject>() ?? []).Where(e => answered.Add(e["id"]!.GetValue<string>())).ToList();
            await Parallel.ForEachAsync(fresh, Answering, async (evt, _) =>
            {
                var id = evt["id"]!.GetValue<string>();
                var data = $$"""{"project":"{{Project}}","stage":"dev","service":"{{evt["data"]!["service"]!.GetValue<string>()}}","result":"pass","status":"succeeded"}""";
                foreach (var kind in new[] { "started", "finished" })
                {
                    var body = $$"""{"type":"sh.keptn.event.deployment.{{kind}}","source":"soak-executor","triggeredid":"{{id}}","data":{{data}}}""";
                    using var response = await Send(client, c => c.PostAsync("/api/v1/event", new StringContent(body, Encoding.UTF8, "application/json"), stop));
                    response?.EnsureSuccessStatusCode();
                }
            });
            if (fresh.Count == 0)
            {
                await Delay(TimeSpan.FromMilliseconds(20), stop);
            }
        }
    }

    /// <summary>
    /// Outside executors and SLI providers answer several tasks at once, as a team's several executors would: one client
    /// answering one task after another, each answer waiting for its durable commit, cannot keep up with 20 sequences a
    /// second once commits slow down under the growing store, and the sequences then wait in their queues.
    /// </summary>
    private static readonly ParallelOptions Answering = new() { MaxDegreeOfParallelism = 8 };

    /// <summary>The project's SLI provider: answers each open <c>get-sli</c> with values that pass.</summary>
    private static async Task ProvideSlisAsync(HttpClient client, CancellationToken stop)
    {
        var answered = new Answered();
        var round = 0;
        while (!stop.IsCancellationRequested)
        {
            var page = await Read(client, $"/api/controlPlane/v1/event/triggered/sh.keptn.event.get-sli.triggered?project={Project}&pageSize=100", stop);
            var fresh = (page?["events"]?.AsArray().OfType<JsonObject>() ?? []).Where(e => answered.Add(e["id"]!.GetValue<string>())).ToList();
            await Parallel.ForEachAsync(fresh, Answering, async (evt, _) =>
            {
                var id = evt["id"]!.GetValue<string>();
                var request = evt["data"]!["get-sli"]!;
                var at = Interlocked.Increment(ref round);
                var values = new JsonArray(Enumerable.Range(0, Objectives)
                    .Select(i => (JsonNode)new JsonObject { ["metric"] = $"sli_{i}", ["value"] = 300 + (at * 7 + i * 13) % 200, ["success"] = true }).ToArray());
                var data = new JsonObject
                {
                    ["project"] = Project,
                    ["stage"] = "dev",
                    ["service"] = evt["data"]!["service"]!.DeepClone(),
                    ["status"] = "succeeded",
                    ["result"] = "pass",
                    ["get-sli"] = new JsonObject { ["start"] = request["start"]!.DeepClone(), ["end"] = request["end"]!.DeepClone(), ["indicatorValues"] = values },
                };
                var body = new JsonObject { ["type"] = "sh.keptn.event.get-sli.finished", ["source"] = "soak-provider", ["triggeredid"] = id, ["shkeptncontext"] = evt["shkeptncontext"]!.DeepClone(), ["data"] = data }.ToJsonString();
                using var response = await Send(client, c => c.PostAsync("/api/v1/event", new StringContent(body, Encoding.UTF8, "application/json"), stop));
                response?.EnsureSuccessStatusCode();
            });
            if (fresh.Count == 0)
            {
                await Delay(TimeSpan.FromMilliseconds(20), stop);
            }
        }
    }

    /// <summary>
    /// What a dashboard and the CLI read meanwhile, twice a second, each read timed. Not DORA: it reads every run of the
    /// last 30 days, which this hour fills a thousand times faster than a team's deliveries would (benchmark (m)
    /// measures it at 10,000 deployments), so its cost and memory grow with the soak instead of staying steady.
    /// </summary>
    private static async Task ReadAsync(HttpClient client, ConcurrentQueue<double> reads, CancellationToken stop)
    {
        string[] paths =
        [
            $"/api/controlPlane/v1/sequence/{Project}?pageSize=20",
            $"/api/mongodb-datastore/event?project={Project}&type=sh.keptn.event.evaluation.finished&pageSize=20",
            $"/api/controlPlane/v1/project/{Project}",
        ];
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var watch = Stopwatch.StartNew();
            if (await Read(client, paths[i % paths.Length], stop) is null && stop.IsCancellationRequested)
            {
                return;
            }
            reads.Enqueue(watch.Elapsed.TotalMilliseconds);
            await Delay(TimeSpan.FromMilliseconds(500), stop);
        }
    }

    private static async Task<long> FinishedAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/mongodb-datastore/event?project={Project}&type=sh.keptn.event.dev.delivery.finished&pageSize=1"))!["totalCount"]!.GetValue<long>();

    private static async Task<long> QueuedAsync(HttpClient client)
    {
        var metrics = await client.GetStringAsync("/metrics");
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("bosun_queue_depth", StringComparison.Ordinal));
        return line is null ? 0 : (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<JsonObject?> Read(HttpClient client, string path, CancellationToken stop)
    {
        try
        {
            return await client.GetFromJsonAsync<JsonObject>(path, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<HttpResponseMessage?> Send(HttpClient client, Func<HttpClient, Task<HttpResponseMessage>> call)
    {
        try
        {
            return await call(client);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task Delay(TimeSpan wait, CancellationToken stop)
    {
        try
        {
            await Task.Delay(wait, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static double StoreMiB(string data) =>
        Directory.Exists(data) ? Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) / 1048576.0 : 0;

    private static async Task<WebApplication> StartReceiverAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = builder.Build();
        receiver.MapPost("/hook", () => Results.Json(new { ok = true }));
        await receiver.StartAsync();
        return receiver;
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
