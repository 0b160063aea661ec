using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.ArgoCdSimulator.Model;

namespace Bosun.TestKit;

/// <summary>How big a random-crash run is, and where it runs (SQLite, or PostgreSQL with two replicas).</summary>
public sealed record CrashSettings
{
    public int Seed { get; init; } = Environment.TickCount;
    public int Sequences { get; init; } = 100;
    public int Services { get; init; } = 10;
    public int Kills { get; init; } = 10;

    /// <summary>Null: one server on SQLite; else the connection string of an empty PostgreSQL database for two replicas.</summary>
    public string? Postgres { get; init; }

    /// <summary>A restart of the database (stop, then start again), run once halfway through the triggers: load goes on meanwhile.</summary>
    public Func<Task>? RestartStore { get; init; }

    /// <summary>How long every acknowledged trigger may take to finish once the last kill is over.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromMinutes(3);
}

/// <summary>What a random-crash run found: every list is empty when Bosun kept its promises.</summary>
public sealed record CrashReport(int Seed, int Acknowledged, int Kills, TimeSpan Duration, int Retries,
    IReadOnlyList<string> Unfinished, IReadOnlyList<string> WrongTaskCounts, IReadOnlyList<string> MissingWrites)
{
    public bool Kept => Unfinished.Count == 0 && WrongTaskCounts.Count == 0 && MissingWrites.Count == 0;

    public override string ToString() =>
        $"seed {Seed}: {Acknowledged} acknowledged triggers, {Kills} SIGKILLs, {Retries} calls retried, {Duration.TotalSeconds:0.0} s; " +
        $"unfinished {Unfinished.Count}, wrong task counts {WrongTaskCounts.Count}, missing writes {MissingWrites.Count}" +
        string.Concat(Unfinished.Concat(WrongTaskCounts).Concat(MissingWrites).Take(20).Select(p => "\n  " + p));
}

/// <summary>
/// The random-crash driver (issue "under load and under fire", item 1): real <c>bosun serve</c> processes, the Argo CD
/// simulator and a webhook receiver; sequences over many services, each running an Argo CD delivery, a task answered by an
/// outside executor (this driver), a webhook task, an evaluation and an automatic approval of its result; and SIGKILLs at
/// moments drawn from the seed, each followed by a restart (with two replicas, they are killed in turn). At the end
/// every acknowledged trigger must have ended in a finished sequence, every task been triggered and finished exactly
/// once, and every acknowledged write be in the store. The seed is printed first, so a failing run can be replayed
/// (the kills' moments replay; the processes' own timing does not).
/// </summary>
public sealed class CrashDriver : IAsyncDisposable
{
    public const string Project = "crash";
    private const string Token = "crash-driver-token";
    private static readonly string[] Tasks = ["deliver", "test", "notify", "evaluation", "approval"];
    private static readonly string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: { name: crash }
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: deliver
                    - name: test
                    - name: notify
                    - name: evaluation
                      properties: { timeframe: 1m }
                    - name: approval
                      properties: { pass: automatic, warning: automatic }
        """;

    private readonly CrashSettings _settings;
    private readonly TextWriter _log;
    private readonly Random _random;
    private readonly TempDirectory _data = new("bosun-crash-driver");
    private readonly BosunProcess?[] _servers;
    private readonly Dictionary<string, string> _environment = new() { ["BOSUN_SECRET_KEY"] = Convert.ToBase64String(new byte[32]) };
    private readonly ConcurrentDictionary<string, string> _acknowledged = new();
    private LoopbackArgoCd _argo = null!;
    private RecordingReceiver _hooks = null!;
    private int _retries;

    private CrashDriver(CrashSettings settings, TextWriter log)
    {
        _settings = settings;
        _log = log;
        _random = new Random(settings.Seed);
        _servers = new BosunProcess?[settings.Postgres is null ? 1 : 2];
    }

    /// <summary>Runs the whole scenario and reports what it found (it fails nothing itself).</summary>
    public static async Task<CrashReport> RunAsync(CrashSettings settings, TextWriter log)
    {
        log.WriteLine($"random-crash driver: seed {settings.Seed} ({settings.Sequences} sequences, {settings.Services} services, {settings.Kills} kills, " +
            $"{(settings.Postgres is null ? "SQLite" : "PostgreSQL, two replicas")}); replay with the same seed");
        await using var driver = new CrashDriver(settings, log);
        return await driver.RunAsync();
    }

    private async Task<CrashReport> RunAsync()
    {
        var watch = Stopwatch.StartNew();
        _argo = await LoopbackArgoCd.StartAsync();
        _hooks = await RecordingReceiver.StartAsync();
        for (var s = 0; s < _settings.Services; s++)
        {
            _argo.Simulation.AddApp(new SimulatedApp
            {
                Name = $"app-{s}",
                HeadRevision = "r0",
                Labels = { ["keptnProject"] = Project, ["keptnService"] = Service(s), ["stage"] = "dev" },
                SyncDuration = TimeSpan.FromMilliseconds(_random.Next(20, 200)),
                HealthDelay = TimeSpan.FromMilliseconds(_random.Next(10, 100)),
            });
        }
        for (var i = 0; i < _servers.Length; i++)
        {
            await StartAsync(i);
        }
        await SetUpAsync();

        // The moments of the kills, drawn up front from the seed: spread over the triggers and the work they cause.
        var killAt = Enumerable.Range(0, _settings.Kills).Select(_ => _random.Next(1, _settings.Sequences + _settings.Sequences / 2)).Order().ToList();
        var services = Enumerable.Range(0, _settings.Sequences).Select(_ => _random.Next(_settings.Services)).ToList();
        using var executing = new CancellationTokenSource();
        var executor = Task.Run(() => ExecuteAsync(executing.Token));
        var kills = 0;
        var step = 0;
        for (var i = 0; i < _settings.Sequences || kills < killAt.Count; i++, step++)
        {
            if (i < _settings.Sequences)
            {
                if (i == _settings.Sequences / 2 && _settings.RestartStore is { } restart)
                {
                    _log.WriteLine($"  restarting the database after {i} triggers");
                    await restart();
                }
                await TriggerAsync(i, services[i]);
            }
            else
            {
                // Triggers done: the rest of the kills fall while the sequences run.
                await Task.Delay(_random.Next(50, 300));
            }
            while (kills < killAt.Count && killAt[kills] <= step)
            {
                await KillAndRestartAsync(kills++);
            }
        }
        _log.WriteLine($"  {_acknowledged.Count} triggers acknowledged, {kills} kills; waiting for every sequence to finish");
        var unfinished = await SettleAsync();
        await executing.CancelAsync();
        await executor;
        var (wrong, missing) = await CheckEventsAsync();
        return new CrashReport(_settings.Seed, _acknowledged.Count, kills, watch.Elapsed, _retries, unfinished, wrong, missing);
    }

    private static string Service(int s) => $"svc-{s}";

    private async Task StartAsync(int index)
    {
        string[] store = _settings.Postgres is null ? ["--data", _data.Combine("data")] : ["--postgres", _settings.Postgres];
        _servers[index] = await BosunProcess.StartAsync(
        [
            "serve", "--listen", "127.0.0.1:0", "--api-token", Token, .. store, "--argocd-url", _argo.Url, "--argocd-token", LoopbackArgoCd.Token,
            "--webhook-allow", "127.0.0.1", "--queue-limit", "0",
        ], _environment);
    }

    private async Task KillAndRestartAsync(int kill)
    {
        var index = kill % _servers.Length;
        await _servers[index]!.KillAsync();
        await _servers[index]!.DisposeAsync();
        _servers[index] = null;
        // Down for a moment drawn from the seed: calls meanwhile fail (or go to the other replica) and are retried.
        await Task.Delay(_random.Next(0, 400));
        await StartAsync(index);
    }

    /// <summary>
    /// Sends a call to a replica that is up, again and again until one answers it (a kill in between is no answer).
    /// A cancelled <paramref name="cancellationToken"/> ends it: the call's own cancellation is not a kill to retry.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpClient, Task<HttpResponseMessage>> call, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var server = _servers[(attempt + Environment.CurrentManagedThreadId) % _servers.Length];
            if (server is { HasExited: false })
            {
                using var client = server.Client(Token);
                client.Timeout = TimeSpan.FromSeconds(10);
                try
                {
                    var response = await call(client);
                    if ((int)response.StatusCode < 500 && (int)response.StatusCode != 429)
                    {
                        return response;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    // Killed under the call: it may or may not have been stored; the same call again says which.
                }
            }
            Interlocked.Increment(ref _retries);
            if (deadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException("no replica answered a call for 2 minutes:\n" + string.Join("\n---\n", _servers.Select(s => s?.Output)));
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private async Task SetUpAsync()
    {
        static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        (await SendAsync(c => c.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = Project, shipyard = B64(Shipyard) }))).EnsureSuccessStatusCode();
        for (var s = 0; s < _settings.Services; s++)
        {
            var service = Service(s);
            (await SendAsync(c => c.PostAsJsonAsync($"/api/controlPlane/v1/project/{Project}/service", new { serviceName = service }))).EnsureSuccessStatusCode();
        }
        var webhook = $$$"""
            apiVersion: webhookconfig.keptn.sh/v1beta1
            kind: WebhookConfig
            metadata: {name: crash}
            spec:
              webhooks:
                - type: sh.keptn.event.notify.triggered
                  sendFinished: true
                  requests:
                    - url: {{{_hooks.Address}}}notify
                      method: POST
                      payload: '{"id": "{{.id}}"}'
            """;
        (await SendAsync(c => c.PostAsJsonAsync($"/api/resource-service/v1/project/{Project}/resource",
            new { resources = new[] { new { resourceURI = "webhook/webhook.yaml", resourceContent = B64(webhook) } } }))).EnsureSuccessStatusCode();
    }

    private async Task TriggerAsync(int i, int service)
    {
        var evt = new JsonObject
        {
            ["id"] = $"crash-trigger-{i}",
            ["type"] = "sh.keptn.event.dev.delivery.triggered",
            ["source"] = "crash-driver",
            ["specversion"] = "1.0",
            ["data"] = new JsonObject { ["project"] = Project, ["stage"] = "dev", ["service"] = Service(service), ["labels"] = new JsonObject { ["version"] = $"v{i}" } },
        };
        var response = await SendAsync(c => c.PostAsync("/api/v1/event", Json(evt)));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"trigger {i} was refused: {body}");
        }
        _acknowledged[evt["id"]!.GetValue<string>()] = body["keptnContext"]!.GetValue<string>();
    }

    /// <summary>The outside executor: answers every open <c>test</c> task, its answers' ids derived from the task's.</summary>
    private async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var open = await SendAsync(c => c.GetAsync($"/api/controlPlane/v1/event/triggered/sh.keptn.event.test.triggered?project={Project}&pageSize=100", cancellationToken), cancellationToken);
                var events = (JsonNode.Parse(await open.Content.ReadAsStringAsync())!["events"] as JsonArray) ?? [];
                foreach (var task in events)
                {
                    var id = task!["id"]!.GetValue<string>();
                    var scope = new JsonObject { ["project"] = Project, ["stage"] = "dev", ["service"] = task["data"]!["service"]!.GetValue<string>() };
                    foreach (var kind in new[] { "started", "finished" })
                    {
                        var data = (JsonObject)scope.DeepClone();
                        if (kind == "finished")
                        {
                            data["result"] = "pass";
                            data["status"] = "succeeded";
                        }
                        var answer = new JsonObject
                        {
                            ["id"] = $"{id}-{kind}",
                            ["type"] = $"sh.keptn.event.test.{kind}",
                            ["source"] = "crash-executor",
                            ["specversion"] = "1.0",
                            ["triggeredid"] = id,
                            ["shkeptncontext"] = task["shkeptncontext"]!.DeepClone(),
                            ["data"] = data,
                        };
                        await SendAsync(c => c.PostAsync("/api/v1/event", Json(answer), cancellationToken), cancellationToken);
                    }
                }
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Waits until every acknowledged context's sequence finished; the contexts that did not, with their state.</summary>
    private async Task<List<string>> SettleAsync()
    {
        List<string> Open(Dictionary<string, string> states) => _acknowledged.Values.Where(c => states.GetValueOrDefault(c) != "finished").ToList();
        Dictionary<string, string> states;
        try
        {
            // Each poll reads every sequence of the run: twice a second is enough.
            states = await Eventually.Until(StatesAsync, s => Open(s).Count == 0, _settings.Settle, "every acknowledged sequence finishing", TimeSpan.FromMilliseconds(500));
        }
        catch (TimeoutException)
        {
            states = await StatesAsync();
        }
        var open = Open(states);
        var found = open.Select(c => $"context {c}: {states.GetValueOrDefault(c) ?? "no sequence"}").ToList();
        if (open.Count > 0)
        {
            found.Insert(0, await StoredAsync(open[0]));
        }
        return found;
    }

    private async Task<Dictionary<string, string>> StatesAsync()
    {
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        string? key = null;
        do
        {
            var response = await SendAsync(c => c.GetAsync($"/api/controlPlane/v1/sequence/{Project}?pageSize=50" + (key is null ? "" : $"&nextPageKey={key}")));
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            foreach (var state in page["states"]!.AsArray())
            {
                states[state!["shkeptncontext"]!.GetValue<string>()] = state["state"]!.GetValue<string>();
            }
            key = page["nextPageKey"]?.ToString() is { Length: > 0 } next && next != "0" ? next : null;
        }
        while (key is not null);
        return states;
    }

    /// <summary>What a context stored, in order, to say where it stopped.</summary>
    private async Task<string> StoredAsync(string context)
    {
        var events = await SendAsync(c => c.GetAsync($"/api/mongodb-datastore/event?keptnContext={context}&pageSize=100"));
        var types = (JsonNode.Parse(await events.Content.ReadAsStringAsync())!["events"] as JsonArray ?? [])
            .Select(e => $"{e!["type"]} {e["data"]?["result"]} {e["data"]?["message"]}".Trim()).Reverse();
        return $"context {context} stored: " + string.Join(" | ", types);
    }

    /// <summary>Every task of every acknowledged context triggered and finished once; every acknowledged trigger stored.</summary>
    private async Task<(List<string> Wrong, List<string> Missing)> CheckEventsAsync()
    {
        var wrong = new List<string>();
        var counts = new Dictionary<(string Context, string Type), int>();
        foreach (var task in Tasks)
        {
            foreach (var kind in new[] { "triggered", "finished" })
            {
                var type = $"sh.keptn.event.{task}.{kind}";
                foreach (var evt in await EventsAsync(type))
                {
                    var key = (evt["shkeptncontext"]!.GetValue<string>(), type);
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            }
        }
        foreach (var context in _acknowledged.Values.Distinct())
        {
            foreach (var task in Tasks)
            {
                foreach (var kind in new[] { "triggered", "finished" })
                {
                    var type = $"sh.keptn.event.{task}.{kind}";
                    if (counts.GetValueOrDefault((context, type)) is var n && n != 1)
                    {
                        wrong.Add($"context {context}: {n} {type}");
                    }
                }
            }
        }
        if (wrong.Count > 0)
        {
            wrong.Insert(0, await StoredAsync(wrong[0].Split(' ')[1].TrimEnd(':')));
        }
        var stored = (await EventsAsync("sh.keptn.event.dev.delivery.triggered")).Select(e => e["id"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var missing = _acknowledged.Keys.Where(id => !stored.Contains(id)).Select(id => $"trigger {id} was acknowledged but is not stored").ToList();
        return (wrong, missing);
    }

    private async Task<List<JsonNode>> EventsAsync(string type)
    {
        var all = new List<JsonNode>();
        string? key = null;
        do
        {
            var response = await SendAsync(c => c.GetAsync($"/api/mongodb-datastore/event?project={Project}&type={type}&pageSize=100" + (key is null ? "" : $"&nextPageKey={key}")));
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            all.AddRange(page["events"]!.AsArray().Select(e => e!));
            key = page["nextPageKey"]?.ToString() is { Length: > 0 } next && next != "0" ? next : null;
        }
        while (key is not null);
        return all;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
        if (_argo is not null)
        {
            await _argo.DisposeAsync();
        }
        if (_hooks is not null)
        {
            await _hooks.DisposeAsync();
        }
        _data.Dispose();
    }
}
