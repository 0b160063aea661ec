using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Bosun.ArgoCdSimulator.Api;
using Bosun.ArgoCdSimulator.Model;
using Bosun.TestKit;

namespace Bosun.Benchmarks;

/// <summary>
/// (f): N Argo CD apps get a new revision at once; the real server (native delivery on, watching the
/// simulator) starts each app's sequence, syncs it, and answers <c>deliver.finished</c>. Prints deliveries per
/// second, and the time Bosun adds: from the simulator reaching Synced+Healthy at the revision (recorded inside
/// the simulator) until the <c>.finished</c> is stored and visible (its head read from the UI's live stream, which
/// the server writes after the commit, so the figure is an upper bound), and how much of it passes before Bosun
/// creates the event (the rest is the writer's queue and the commit).
/// Beside it, how close together the apps turned healthy and what the server's writer did meanwhile (its metrics).
/// </summary>
internal static class DeliveryScenario
{
    private const string Shipyard = "apiVersion: spec.keptn.sh/0.2.4\nkind: Shipyard\nmetadata: { name: argo }\nspec:\n  stages:\n    - name: dev\n      sequences:\n        - name: delivery\n          tasks:\n            - name: deliver\n";

    private const int MeasuredRounds = 5;
    private const int MinWarmupRounds = 2;
    private const int MaxWarmupRounds = 30;
    // A warm-up round after which the server's JIT compiled fewer methods than this ends the warm-up.
    private const int QuietJitMethods = 50;
    private const string Finished = "sh.keptn.event.deliver.finished";

    /// <param name="Seconds">One round's mean time from the pushes to its last stored <c>deliver.finished</c>.</param>
    /// <param name="BurstMs">The mean over the rounds of how close together the apps turned Synced+Healthy (p10 to p90).</param>
    public sealed record Result(int Apps, int Rounds, double PerSecond, double Seconds, double P50, double P99, double Max, double ReactionP50, double ReactionP99, double BurstMs, WriterLoad Writer, ServerLoad Server);

    /// <summary>How the server was warmed up, and its runtime during the measured rounds (its own <c>/metrics</c>).</summary>
    /// <param name="WarmupSeconds">The warm-up's length: rounds, and the time between them.</param>
    /// <param name="GcPauseShare">The share of the measured rounds' time the garbage collector paused the server.</param>
    /// <param name="AllocatedPerDelivery">Bytes the server allocated per delivery.</param>
    public sealed record ServerLoad(int WarmupRounds, double WarmupSeconds, double JitMethods, double GcPauseShare, double AllocatedPerDelivery);

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
            using var browser = await LiveStream.SignInAsync(server);
            (await client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = "argo", shipyard = Convert.ToBase64String(Encoding.UTF8.GetBytes(Shipyard)) })).EnsureSuccessStatusCode();
            for (var i = 0; i < settings.Apps; i++)
            {
                (await client.PostAsJsonAsync("/api/controlPlane/v1/project/argo/service", new { serviceName = $"svc-{i}" })).EnsureSuccessStatusCode();
            }

            using var finished = new FinishedFeed(await LiveStream.OpenAsync(browser, "argo"));
            // Warmed up until the server's JIT is quiet (JitWarmup). One round's p99 of 200 samples is nearly its slowest one,
            // so the figures pool the samples of every measured round.
            var revision = 1;
            var warmup = Stopwatch.StartNew();
            var warmupRounds = await JitWarmup.RunAsync(client, () => RoundAsync(client, finished, simulation, settings.Apps, $"r{++revision}"),
                MinWarmupRounds, MaxWarmupRounds, QuietJitMethods);
            var (seconds, reaction, added, burst) = (0.0, new List<double>(), new List<double>(), 0.0);
            var before = PrometheusText.Parse(await client.GetStringAsync("/metrics"));
            for (var round = 0; round < MeasuredRounds; round++)
            {
                var (took, healthy, created, stored) = await RoundAsync(client, finished, simulation, settings.Apps, $"r{++revision}");
                seconds += took;
                var times = healthy.Values.Order().ToList();
                burst += (times[(int)(times.Count * 0.9)] - times[(int)(times.Count * 0.1)]).TotalMilliseconds / MeasuredRounds;
                reaction.AddRange(created.Select(s => (s.Value - healthy[s.Key]).TotalMilliseconds));
                added.AddRange(stored.Select(s => (s.Value - healthy[s.Key]).TotalMilliseconds));
            }
            var after = PrometheusText.Parse(await client.GetStringAsync("/metrics"));
            var writer = Writer(before, after);
            double Delta(string name) => PrometheusText.Sum(after, name) - PrometheusText.Sum(before, name);
            var load = new ServerLoad(warmupRounds, warmup.Elapsed.TotalSeconds - seconds, Delta("dotnet_jit_compiled_methods_total"),
                Delta("dotnet_gc_pause_time_seconds_total") / seconds, Delta("dotnet_gc_heap_total_allocated_bytes_total") / (settings.Apps * MeasuredRounds));
            reaction.Sort();
            added.Sort();
            return new Result(settings.Apps, MeasuredRounds, settings.Apps * MeasuredRounds / seconds, seconds / MeasuredRounds, Samples.Percentile(added, 0.50), Samples.Percentile(added, 0.99), added[^1],
                Samples.Percentile(reaction, 0.50), Samples.Percentile(reaction, 0.99), burst, writer, load);
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
        HttpClient client, FinishedFeed finished, ArgoCdSimulation simulation, int apps, string revision)
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
            var shown = await finished.TakeAsync(apps, deadline.Token);
            var events = await StoredEvents.ReadAsync(client, Finished, from, deadline.Token);
            if (events.Count != apps)
            {
                throw new InvalidOperationException($"{events.Count} deliver.finished events stored for {apps} apps");
            }
            foreach (var evt in events)
            {
                var data = evt["data"]!;
                var app = data["deployment"]!["deploymentNames"]![0]!.GetValue<string>();
                if (data["result"]!.GetValue<string>() != "pass")
                {
                    throw new InvalidOperationException($"delivery of {app} did not pass: {data["message"]}");
                }
                stored.Add(app, shown[evt["shkeptncontext"]!.GetValue<string>()]);
                created[app] = StoredEvents.Time(evt);
            }
            return (watch.Elapsed.TotalSeconds, healthy, created, stored);
        }
        finally
        {
            simulation.AppChanged -= Record;
        }
    }

    /// <summary>
    /// When the server's live stream (the one an open project page follows) showed each <c>deliver.finished</c>, by its
    /// context. The server pushes an event's head right after its commit, so this is when it was stored and visible,
    /// read without polling: the count a poller asked for every 2 ms walks every stored event of the type (7.4 ms of the
    /// server's CPU a poll with 3,150 stored), so it cost the server more the more rounds had run.
    /// </summary>
    private sealed class FinishedFeed : IDisposable
    {
        private readonly SseReader _stream;
        private readonly Channel<(string Context, DateTimeOffset At)> _seen = Channel.CreateUnbounded<(string, DateTimeOffset)>(new UnboundedChannelOptions { SingleWriter = true });

        public FinishedFeed(SseReader stream)
        {
            _stream = stream;
            _ = Task.Run(ReadAsync);
        }

        /// <summary>The next <paramref name="count"/> shown; a stream that loses some (a slow listener's oldest heads go) ends at the deadline.</summary>
        public async Task<Dictionary<string, DateTimeOffset>> TakeAsync(int count, CancellationToken cancellationToken)
        {
            var shown = new Dictionary<string, DateTimeOffset>(count);
            try
            {
                while (shown.Count < count)
                {
                    var (context, at) = await _seen.Reader.ReadAsync(cancellationToken);
                    shown.TryAdd(context, at);
                }
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the live stream showed {shown.Count} of {count} deliver.finished events");
            }
            return shown;
        }

        private async Task ReadAsync()
        {
            try
            {
                while (true)
                {
                    var (_, head) = await _stream.NextAsync("keptn");
                    if (head?["type"]?.GetValue<string>() == Finished)
                    {
                        _seen.Writer.TryWrite((head["keptnContext"]!.GetValue<string>(), TimeProvider.System.GetUtcNow()));
                    }
                }
            }
            catch (Exception e)
            {
                // Idle for 10 s (after the last round) or disposed: a round still waiting fails with it.
                _seen.Writer.TryComplete(e);
            }
        }

        public void Dispose() => _stream.Dispose();
    }
}
