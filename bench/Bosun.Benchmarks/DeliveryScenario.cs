using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.ArgoCdSimulator.Api;
using Bosun.ArgoCdSimulator.Model;
using Bosun.TestKit;

namespace Bosun.Benchmarks;

/// <summary>
/// (f): N Argo CD apps get a new revision at once; the real server (native delivery on, watching the
/// simulator) starts each app's sequence, syncs it, and answers <c>deliver.finished</c>. Prints deliveries per
/// second, and the time Bosun adds: from the simulator reaching Synced+Healthy at the revision (recorded inside
/// the simulator) until the <c>.finished</c> is stored and visible through the API (a poller every 2 ms, so the
/// figure is an upper bound), and how much of it passes before Bosun creates the event (the rest is the commit).
/// Beside it, how close together the apps turned healthy and what the server's writer did meanwhile (its metrics).
/// </summary>
internal static class DeliveryScenario
{
    private const string Shipyard = "apiVersion: spec.keptn.sh/0.2.4\nkind: Shipyard\nmetadata: { name: argo }\nspec:\n  stages:\n    - name: dev\n      sequences:\n        - name: delivery\n          tasks:\n            - name: deliver\n";

    private const int MeasuredRounds = 3;
    private const string Finished = "sh.keptn.event.deliver.finished";

    /// <param name="Seconds">One round's mean time from the pushes to its last stored <c>deliver.finished</c>.</param>
    /// <param name="BurstMs">The mean over the rounds of how close together the apps turned Synced+Healthy (p10 to p90).</param>
    public sealed record Result(int Apps, int Rounds, double PerSecond, double Seconds, double P50, double P99, double Max, double ReactionP50, double ReactionP99, double BurstMs, WriterLoad Writer);

    /// <summary>The server's writer during the measured rounds, from its own <c>/metrics</c> (docs/operations.md, "Metrics").</summary>
    public sealed record WriterLoad(double Transactions, double Inputs, double WorkPerInputMs, double CommitMs, double WaitMs, double WaitedOver25Ms);

    public static async Task<Result> RunAsync(BenchSettings settings)
    {
        var simulation = new ArgoCdSimulation();
        var simulator = SimulatorHost.Build(new SimulatorOptions { Listen = "127.0.0.1:0", Token = "bench-argo" }, simulation);
        await simulator.StartAsync();
        try
        {
            var argoUrl = simulator.Urls.First();
            for (var i = 0; i < settings.Apps; i++)
            {
                simulation.AddApp(new SimulatedApp
                {
                    Name = $"app-{i}",
                    HeadRevision = "r1",
                    Labels = { ["keptnProject"] = "argo", ["keptnService"] = $"svc-{i}", ["stage"] = "dev" },
                    SyncDuration = TimeSpan.FromMilliseconds(200),
                    HealthDelay = TimeSpan.FromMilliseconds(200),
                });
            }
            await using var server = await ServerProcess.StartAsync("--argocd-url", argoUrl, "--argocd-token", "bench-argo");
            using var client = server.Client();
            (await client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = "argo", shipyard = Convert.ToBase64String(Encoding.UTF8.GetBytes(Shipyard)) })).EnsureSuccessStatusCode();
            for (var i = 0; i < settings.Apps; i++)
            {
                (await client.PostAsJsonAsync("/api/controlPlane/v1/project/argo/service", new { serviceName = $"svc-{i}" })).EnsureSuccessStatusCode();
            }

            // A first round warms the server up (JIT, connections, caches); the next ones are measured. One round's p99 of
            // 200 samples is nearly its slowest one, so the figures pool the samples of every measured round.
            await RoundAsync(client, simulation, settings.Apps, "r2");
            var (seconds, reaction, added, burst) = (0.0, new List<double>(), new List<double>(), 0.0);
            var before = PrometheusText.Parse(await client.GetStringAsync("/metrics"));
            for (var round = 0; round < MeasuredRounds; round++)
            {
                var (took, healthy, created, stored) = await RoundAsync(client, simulation, settings.Apps, $"r{round + 3}");
                seconds += took;
                var times = healthy.Values.Order().ToList();
                burst += (times[(int)(times.Count * 0.9)] - times[(int)(times.Count * 0.1)]).TotalMilliseconds / MeasuredRounds;
                reaction.AddRange(created.Select(s => (s.Value - healthy[s.Key]).TotalMilliseconds));
                added.AddRange(stored.Select(s => (s.Value - healthy[s.Key]).TotalMilliseconds));
            }
            var writer = Writer(before, PrometheusText.Parse(await client.GetStringAsync("/metrics")));
            reaction.Sort();
            added.Sort();
            return new Result(settings.Apps, MeasuredRounds, settings.Apps * MeasuredRounds / seconds, seconds / MeasuredRounds, Samples.Percentile(added, 0.50), Samples.Percentile(added, 0.99), added[^1],
                Samples.Percentile(reaction, 0.50), Samples.Percentile(reaction, 0.99), burst, writer);
        }
        finally
        {
            await simulator.StopAsync();
            await simulator.DisposeAsync();
        }
    }

    private static WriterLoad Writer(IReadOnlyList<PrometheusSample> before, IReadOnlyList<PrometheusSample> after)
    {
        double Delta(string name, params (string, string)[] labels) => PrometheusText.Sum(after, name, labels) - PrometheusText.Sum(before, name, labels);
        var transactions = Delta("bosun_writer_batch_size_count");
        var inputs = Delta("bosun_writer_queue_wait_seconds_count");
        return new WriterLoad(transactions, inputs,
            1000 * Delta("bosun_writer_batch_duration_seconds_sum", ("phase", "work")) / inputs,
            1000 * Delta("bosun_writer_batch_duration_seconds_sum", ("phase", "commit")) / transactions,
            1000 * Delta("bosun_writer_queue_wait_seconds_sum") / inputs,
            1 - (Delta("bosun_writer_queue_wait_seconds_bucket", ("le", "0.025")) / inputs));
    }

    /// <summary>Pushes <paramref name="revision"/> to every app and waits until every delivery of it is stored.</summary>
    private static async Task<(double Seconds, ConcurrentDictionary<string, DateTimeOffset> Healthy, Dictionary<string, DateTimeOffset> Created, Dictionary<string, DateTimeOffset> Stored)> RoundAsync(
        HttpClient client, ArgoCdSimulation simulation, int apps, string revision)
    {
        // When each app was first Synced and Healthy at the revision, seen inside the simulator as it happened.
        var healthy = new ConcurrentDictionary<string, DateTimeOffset>();
        void Record(JsonObject app)
        {
            var status = app["status"]!;
            if (app["operation"] is null && status["sync"]!["status"]!.GetValue<string>() == "Synced" && status["health"]!["status"]!.GetValue<string>() == "Healthy"
                && status["operationState"]?["syncResult"]?["revision"]?.GetValue<string>() == revision)
            {
                healthy.TryAdd(app["metadata"]!["name"]!.GetValue<string>(), TimeProvider.System.GetUtcNow());
            }
        }
        simulation.AppChanged += Record;
        try
        {
            var stored = new Dictionary<string, DateTimeOffset>();
            var created = new Dictionary<string, DateTimeOffset>();
            var from = TimeProvider.System.GetUtcNow();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < apps; i++)
            {
                simulation.Push($"app-{i}", revision);
            }
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            // Only the count is polled: fetching the events while they arrive made the poller read up to 200 events every
            // few milliseconds, CPU the server's writer needed during the burst. The API lists events newest stored first,
            // so once all are in, the i-th one stored is the i-th from the end, stored when the count first reached i.
            var reached = new List<DateTimeOffset>(apps);
            while (reached.Count < apps)
            {
                var count = await StoredEvents.CountAsync(client, Finished, from, deadline.Token);
                var seen = TimeProvider.System.GetUtcNow();
                while (reached.Count < Math.Min(count, apps))
                {
                    reached.Add(seen);
                }
                await Task.Delay(2, deadline.Token);
            }
            var events = await StoredEvents.ReadAsync(client, Finished, from, deadline.Token);
            events.Reverse();
            if (events.Count != apps)
            {
                throw new InvalidOperationException($"{events.Count} deliver.finished events stored for {apps} apps");
            }
            foreach (var (evt, at) in events.Zip(reached))
            {
                var data = evt["data"]!;
                var app = data["deployment"]!["deploymentNames"]![0]!.GetValue<string>();
                if (data["result"]!.GetValue<string>() != "pass")
                {
                    throw new InvalidOperationException($"delivery of {app} did not pass: {data["message"]}");
                }
                stored.Add(app, at);
                created[app] = StoredEvents.Time(evt);
            }
            return (watch.Elapsed.TotalSeconds, healthy, created, stored);
        }
        finally
        {
            simulation.AppChanged -= Record;
        }
    }

}
