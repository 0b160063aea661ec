using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Bosun.Storage.Sqlite;
using Bosun.TestKit;

namespace Bosun.Benchmarks;

/// <summary>
/// (l) The web UI on a large project (50 services × 4 stages, 10,000 sequences, 200,000 events; one service's prod
/// stage with 200 evaluations): server-side render time of the environment, the sequence list (plain and filtered),
/// the 200-column heatmap, a service's history and a sequence's page; each page's weight with the script; how long a
/// stored event takes to reach an open live stream; and what 100 open streams add to the server's memory.
/// The project and services are made through the API; the history is written into the store by the storage library
/// (the server's own), with the server stopped, then the server starts on it.
/// </summary>
internal static partial class UiScenario
{
    internal sealed record Sizes(int Services, int Sequences, int HeatmapEvaluations, int Samples, int Streams, int LiveSamples)
    {
        public static Sizes Full { get; } = new(50, 10_000, 200, 200, 100, 50);

        public static Sizes Smoke { get; } = new(5, 100, 20, 5, 10, 3);
    }

    internal sealed record Stats(double P50, double P95, double Max);

    internal sealed record Page(string Name, Stats Render, int Bytes);

    internal sealed record Result(Sizes Sizes, long Events, double SeedSeconds, IReadOnlyList<Page> Pages, int ScriptBytes, Stats Live, double StreamsMiB);

    private const string Project = "ui";
    private static readonly string[] Stages = ["dev", "staging", "canary", "prod"];
    private static readonly string[] Tasks = ["deliver", "test", "get-sli", "evaluation", "approval", "release"];
    private static readonly string[] Slis = ["response_time_p95", "error_rate", "throughput", "cpu_usage", "memory_usage"];

    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: { name: ui-bench }
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks: [{ name: deliver }, { name: test }, { name: evaluation }, { name: release }]
            - name: staging
              sequences:
                - name: delivery
                  triggeredOn: [{ event: dev.delivery.finished }]
                  tasks: [{ name: deliver }, { name: test }, { name: evaluation }, { name: release }]
            - name: canary
              sequences:
                - name: delivery
                  triggeredOn: [{ event: staging.delivery.finished }]
                  tasks: [{ name: deliver }, { name: evaluation }, { name: release }]
            - name: prod
              sequences:
                - name: delivery
                  triggeredOn: [{ event: canary.delivery.finished }]
                  tasks: [{ name: approval }, { name: deliver }, { name: evaluation }, { name: release }]
        """;

    private const string Slo = """
        objectives:
          - sli: response_time_p95
            pass: [{ criteria: ["<=+10%", "<600"] }]
            warning: [{ criteria: ["<=800"] }]
          - sli: error_rate
            pass: [{ criteria: ["<=1"] }]
          - sli: throughput
          - sli: cpu_usage
          - sli: memory_usage
        total_score: { pass: "90%", warning: "75%" }
        """;

    public static async Task<Result> RunAsync(bool smoke)
    {
        var sizes = smoke ? Sizes.Smoke : Sizes.Full;
        // The first HeatmapEvaluations sequences are svc0's in prod; the rest go round every scope.
        var (data, events, seedSeconds) = await PrepareAsync(sizes.Services, sizes.Sequences,
            i => i < sizes.HeatmapEvaluations ? ("svc0", "prod") : ($"svc{i % sizes.Services}", Stages[i / sizes.Services % Stages.Length]));
        await using var server = await ServerProcess.StartOnAsync(data, null);
        using var browser = await LiveStream.SignInAsync(server);
        var environmentHtml = await browser.GetStringAsync($"/projects/{Project}");
        var context = SequenceLink().Match(environmentHtml).Groups[1].Value;
        var pages = new List<Page>();
        foreach (var (name, path) in new[]
        {
            ("environment", $"/projects/{Project}"),
            ("sequence list", $"/projects/{Project}/sequences"),
            ("sequence list, filtered", $"/projects/{Project}/sequences?service=svc1&stage=prod&result=pass"),
            ($"heatmap of {sizes.HeatmapEvaluations}", $"/projects/{Project}/services/svc0/evaluations?stage=prod&count={sizes.HeatmapEvaluations}"),
            ("service history", $"/projects/{Project}/services/svc0"),
            ("sequence page", $"/projects/{Project}/sequences/{context}"),
        })
        {
            pages.Add(await MeasureAsync(browser, name, path, sizes.Samples));
        }
        var script = ScriptPath().Match(environmentHtml).Groups[1].Value;
        var scriptBytes = (await browser.GetByteArrayAsync(script)).Length;
        var live = await LiveAsync(server, browser, sizes);
        var streams = await StreamsAsync(server, browser, sizes);
        return new Result(sizes, events, seedSeconds, pages, scriptBytes, live, streams);
    }

    /// <summary>
    /// A data directory holding the project (made through the API by a server, then stopped) and its history written
    /// by the storage library: <paramref name="sequences"/> runs, each in the scope <paramref name="scopeOf"/> gives.
    /// </summary>
    internal static async Task<(string Data, long Events, double SeedSeconds)> PrepareAsync(int services, int sequences, Func<int, (string Service, string Stage)> scopeOf)
    {
        var data = Path.Combine(Path.GetTempPath(), "bosun-bench-ui-" + Guid.NewGuid().ToString("N"));
        var setup = await ServerProcess.StartOnAsync(data, null);
        using (var api = setup.Client())
        {
            (await api.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = Project, shipyard = Convert.ToBase64String(Encoding.UTF8.GetBytes(Shipyard)) })).EnsureSuccessStatusCode();
            for (var s = 0; s < services; s++)
            {
                (await api.PostAsJsonAsync($"/api/controlPlane/v1/project/{Project}/service", new { serviceName = $"svc{s}" })).EnsureSuccessStatusCode();
            }
        }
        await setup.KillAsync();
        var seeding = Stopwatch.StartNew();
        var events = Seed(Path.Combine(data, "bosun.db"), sequences, scopeOf);
        return (data, events, seeding.Elapsed.TotalSeconds);
    }

    /// <summary>Writes the project's history in batches: each sequence's 20 events and its finished execution.</summary>
    private static long Seed(string database, int sequences, Func<int, (string Service, string Stage)> scopeOf)
    {
        using var store = SqliteStore.Open(database);
        var start = TimeProvider.System.GetUtcNow().AddDays(-30);
        var step = TimeSpan.FromDays(29.9) / sequences;
        var previous = new Dictionary<(string, string), string>();
        long events = 0;
        const int perBatch = 200;
        for (var first = 0; first < sequences; first += perBatch)
        {
            using var write = store.BeginWrite();
            for (var i = first; i < Math.Min(sequences, first + perBatch); i++)
            {
                var scope = scopeOf(i);
                var at = start + (step * i);
                previous.TryGetValue(scope, out var compared);
                var (execution, written) = Sequence(i, scope.Service, scope.Stage, at, compared);
                foreach (var evt in written)
                {
                    write.InsertEvent(evt);
                }
                write.SaveExecution(execution);
                previous[scope] = written.First(e => e.Type == "sh.keptn.event.evaluation.finished").Id;
                events += written.Count;
            }
            write.Commit();
        }
        return events;
    }

    private static (SequenceExecution, List<KeptnEvent>) Sequence(int i, string service, string stage, DateTimeOffset at, string? compared)
    {
        var context = Guid.NewGuid().ToString();
        var version = $"1.{i / 100}.{i % 100}";
        JsonObject Scope() => new() { ["project"] = Project, ["stage"] = stage, ["service"] = service, ["labels"] = new JsonObject { ["version"] = version } };
        var written = new List<KeptnEvent>();
        var time = at;
        KeptnEvent Add(string type, string? triggeredId, JsonObject data, string source = "bench")
        {
            time = time.AddSeconds(2);
            var evt = new KeptnEvent(Guid.NewGuid().ToString(), source, type, context, triggeredId, time, data);
            written.Add(evt);
            return evt;
        }
        var trigger = Add($"sh.keptn.event.{stage}.delivery.triggered", null, Scope());
        var completed = new List<CompletedTask>();
        var failed = i % 10 == 9;
        foreach (var task in Tasks)
        {
            var triggered = Add($"sh.keptn.event.{task}.triggered", null, Scope(), "shipyard-controller");
            var started = Scope();
            Add($"sh.keptn.event.{task}.started", triggered.Id, started);
            var finished = Scope();
            finished["status"] = "succeeded";
            finished["result"] = task == "evaluation" && failed ? "fail" : "pass";
            if (task == "evaluation")
            {
                finished["evaluation"] = Evaluation(i, failed, compared);
            }
            Add($"sh.keptn.event.{task}.finished", triggered.Id, finished, task == "evaluation" ? "lighthouse-service" : "bench");
            completed.Add(new CompletedTask(task, triggered.Id, finished["result"]!.GetValue<string>(), "succeeded", null,
                task == "evaluation" ? new JsonObject { ["evaluation"] = finished["evaluation"]!.DeepClone() } : [], triggered.Time, time));
        }
        var end = Scope();
        end["status"] = "succeeded";
        end["result"] = failed ? "fail" : "pass";
        var last = Add($"sh.keptn.event.{stage}.delivery.finished", trigger.Id, end, "shipyard-controller");
        var execution = new SequenceExecution
        {
            Id = Guid.NewGuid().ToString(),
            KeptnContext = context,
            Project = Project,
            Stage = stage,
            Service = service,
            Sequence = "delivery",
            Order = i + 1,
            TriggeredAt = at,
            InputData = Scope(),
            State = SequenceState.Finished,
            NextTaskIndex = Tasks.Length,
            Completed = completed,
            Result = end["result"]!.GetValue<string>(),
            Status = "succeeded",
            UpdatedAt = last.Time,
            FinishedAt = last.Time,
            LatestEvent = new EventRef(last.Type, last.Id, last.Time),
        };
        return (execution, written);
    }

    private static JsonObject Evaluation(int i, bool failed, string? compared) => new()
    {
        ["timeStart"] = "2026-11-01T10:00:00.000Z",
        ["timeEnd"] = "2026-11-01T10:05:00.000Z",
        ["result"] = failed ? "fail" : "pass",
        ["score"] = failed ? 40 : 90 + (i % 10),
        ["sloFileContent"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Slo)),
        ["comparedEvents"] = compared is null ? new JsonArray() : new JsonArray(compared),
        ["indicatorResults"] = new JsonArray([.. Slis.Select((sli, n) => (JsonNode)new JsonObject
        {
            ["score"] = n < 2 ? (failed && n == 0 ? 0 : 1) : 0,
            ["value"] = new JsonObject { ["metric"] = sli, ["value"] = 100 + (i % 37) * (n + 1), ["comparedValue"] = 100, ["success"] = true },
            ["displayName"] = "",
            ["passTargets"] = new JsonArray(),
            ["warningTargets"] = new JsonArray(),
            ["keySli"] = false,
            ["status"] = n >= 2 ? "info" : failed && n == 0 ? "fail" : "pass",
        })]),
    };

    /// <summary>Render time as the browser waits for it: the whole response read, after a warm-up.</summary>
    private static async Task<Page> MeasureAsync(HttpClient browser, string name, string path, int samples)
    {
        var bytes = 0;
        for (var i = 0; i < 20; i++)
        {
            bytes = (await Read(browser, path)).Length;
        }
        var times = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var watch = Stopwatch.StartNew();
            await Read(browser, path);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return new Page(name, new Stats(Samples.Percentile(times, 0.5), Samples.Percentile(times, 0.95), times[^1]), bytes);
    }

    private static async Task<byte[]> Read(HttpClient browser, string path)
    {
        using var response = await browser.GetAsync(path);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}");
        }
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>From sending a trigger through the API until the open page's stream shows it, each in another scope.</summary>
    private static async Task<Stats> LiveAsync(ServerProcess server, HttpClient browser, Sizes sizes)
    {
        using var api = server.Client();
        using var stream = await LiveStream.OpenAsync(browser, Project);
        var times = new List<double>();
        for (var i = 0; i < sizes.LiveSamples + 3; i++)
        {
            var body = "{\"type\":\"sh.keptn.event.dev.delivery.triggered\",\"source\":\"bench\",\"data\":{\"project\":\"" + Project + "\",\"stage\":\"dev\",\"service\":\"svc" + (i % sizes.Services) + "\",\"labels\":{\"version\":\"live-" + i + "\"}}}";
            var watch = Stopwatch.StartNew();
            using var response = await api.PostAsync("/api/v1/event", new StringContent(body, Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            var context = (await response.Content.ReadFromJsonAsync<JsonObject>())!["keptnContext"]!.GetValue<string>();
            while ((await stream.NextAsync("keptn")).Data?["keptnContext"]?.GetValue<string>() != context)
            {
            }
            if (i >= 3)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        times.Sort();
        return new Stats(Samples.Percentile(times, 0.5), Samples.Percentile(times, 0.95), times[^1]);
    }

    /// <summary>The server's RSS growth with the streams open and following traffic, against before they opened.</summary>
    private static async Task<double> StreamsAsync(ServerProcess server, HttpClient browser, Sizes sizes)
    {
        await Task.Delay(2000);
        var before = server.RssMiB();
        var streams = new List<SseReader>();
        for (var i = 0; i < sizes.Streams; i++)
        {
            streams.Add(await LiveStream.OpenAsync(browser, Project));
        }
        using var api = server.Client();
        for (var i = 0; i < 20; i++)
        {
            var body = "{\"type\":\"sh.keptn.event.staging.delivery.triggered\",\"source\":\"bench\",\"data\":{\"project\":\"" + Project + "\",\"stage\":\"staging\",\"service\":\"svc" + (i % sizes.Services) + "\",\"labels\":{\"version\":\"many-" + i + "\"}}}";
            (await api.PostAsync("/api/v1/event", new StringContent(body, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }
        foreach (var stream in streams)
        {
            await stream.NextAsync("keptn");
        }
        await Task.Delay(2000);
        var after = server.RssMiB();
        streams.ForEach(s => s.Dispose());
        return after - before;
    }

    [GeneratedRegex(@"href=""/projects/ui/sequences/([0-9a-f-]{36})""")]
    private static partial Regex SequenceLink();

    [GeneratedRegex(@"<script src=""([^""]+)""")]
    private static partial Regex ScriptPath();
}
