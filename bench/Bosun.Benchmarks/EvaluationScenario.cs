using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Bosun.Benchmarks;

/// <summary>
/// (i) Issue 5: a whole quality gate through the API on an idle server, without the SLI provider's own time. The
/// benchmark is the SLI provider (as an outside prometheus-service would be): it polls the open <c>get-sli</c> tasks and
/// answers with ten values at once. Bosun's time per evaluation = (POST …/evaluation → its <c>get-sli.triggered</c> is
/// open) + (the provider's <c>get-sli.finished</c> posted → <c>evaluation.finished</c> visible), both seen by an API poller (one request per millisecond, so the poller does not starve the server of CPU).
/// The SLO has 10 objectives compared with up to 50 previous evaluations (several_results, p90).
/// </summary>
internal static class EvaluationScenario
{
    private const string Shipyard = "apiVersion: spec.keptn.sh/0.2.4\nkind: Shipyard\nmetadata: { name: gate }\nspec:\n  stages:\n    - name: hardening\n";
    private const int Objectives = 10;
    private const int WarmupChunk = 10;
    private const int MinWarmup = 60;
    private const int MaxWarmup = 1_000;
    private const int QuietJitMethods = 10;

    /// <param name="FloorP50">Per evaluation, what the client's side of it costs with no work by Bosun between: the
    /// durable POST of the provider's <c>get-sli.started</c> (an event the lighthouse does not react to), counted twice as
    /// the two posts the path has, plus one read of each poll. Even a server that answered within the posts' own commits
    /// would take this.</param>
    /// <param name="Warmup">Evaluations before the measured ones: at least the 50 each compares with, then until the server's JIT is quiet.</param>
    public sealed record Result(int Warmup, int Samples, double P50, double P90, double P99, double Max, double ToGetSliP50, double ToGetSliP99, double ToFinishedP50, double ToFinishedP99, double ReactionP50, double ReactionP99,
        double FloorP50, double FloorP99, double PostP50, double PostP99);

    public static async Task<Result> RunAsync(BenchSettings settings)
    {
        await using var server = await ServerProcess.StartAsync();
        using var client = server.Client();
        (await client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = "gate", shipyard = B64(Shipyard) })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/controlPlane/v1/project/gate/service", new { serviceName = "web" })).EnsureSuccessStatusCode();
        var slo = new StringBuilder("comparison:\n  compare_with: several_results\n  number_of_comparison_results: 50\n  include_result_with_score: all\n  aggregate_function: p90\nobjectives:\n");
        for (var i = 0; i < Objectives; i++)
        {
            slo.Append("  - sli: sli_").Append(i).Append("\n    pass: [{criteria: ['<=+10%', '<600']}]\n    warning: [{criteria: ['<=800']}]\n");
        }
        slo.Append("total_score: {pass: '90%', warning: '75%'}\n");
        (await client.PostAsJsonAsync("/api/resource-service/v1/project/gate/stage/hardening/service/web/resource",
            new { resources = new[] { new { resourceURI = "slo.yaml", resourceContent = B64(slo.ToString()) } } })).EnsureSuccessStatusCode();
        var configure = "{\"type\":\"sh.keptn.event.monitoring.configure\",\"source\":\"bench\",\"data\":{\"project\":\"gate\",\"type\":\"bench-provider\"}}";
        (await client.PostAsync("/api/v1/event", new StringContent(configure, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        // Warm-up: the 50 previous evaluations every measured one compares with, then on until a chunk of them finds the
        // server's JIT quiet, as (d) and (f) are measured (tiered compilation takes a core of this machine's two for the
        // first seconds of a process).
        var round = 0;
        var warmup = WarmupChunk * await JitWarmup.RunAsync(client, async () =>
        {
            for (var i = 0; i < WarmupChunk; i++)
            {
                await EvaluateOnceAsync(client, round++);
            }
        }, settings == BenchSettings.Smoke ? 1 : MinWarmup / WarmupChunk, settings == BenchSettings.Smoke ? 1 : MaxWarmup / WarmupChunk, QuietJitMethods);
        var samples = new List<(double ToGetSli, double ToFinished, double Reaction, double Post, double Floor)>();
        for (var i = 0; i < settings.EvaluationSamples; i++)
        {
            samples.Add(await EvaluateOnceAsync(client, round++));
        }
        var total = samples.Select(s => s.ToGetSli + s.ToFinished).Order().ToList();
        double P(Func<(double ToGetSli, double ToFinished, double Reaction, double Post, double Floor), double> of, double q) =>
            Samples.Percentile(samples.Select(of).Order().ToList(), q);
        return new Result(warmup, samples.Count, Samples.Percentile(total, 0.50), Samples.Percentile(total, 0.90), Samples.Percentile(total, 0.99), total[^1],
            P(s => s.ToGetSli, 0.50), P(s => s.ToGetSli, 0.99), P(s => s.ToFinished, 0.50), P(s => s.ToFinished, 0.99),
            P(s => s.Reaction, 0.50), P(s => s.Reaction, 0.99), P(s => s.Floor, 0.50), P(s => s.Floor, 0.99), P(s => s.Post, 0.50), P(s => s.Post, 0.99));
    }

    private static async Task<(double, double, double, double, double)> EvaluateOnceAsync(HttpClient client, int round)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.PostAsync("/api/controlPlane/v1/project/gate/stage/hardening/service/web/evaluation",
            new StringContent("{\"timeframe\":\"5m\"}", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        var context = (await response.Content.ReadFromJsonAsync<JsonObject>())!["keptnContext"]!.GetValue<string>();
        JsonObject? getSli = null;
        var read = Stopwatch.StartNew();
        var readOpenLast = 0.0;
        while (getSli is null)
        {
            read.Restart();
            var open = await client.GetFromJsonAsync<JsonObject>("/api/controlPlane/v1/event/triggered/sh.keptn.event.get-sli.triggered?project=gate");
            readOpenLast = read.Elapsed.TotalMilliseconds;
            getSli = open!["events"]!.AsArray().OfType<JsonObject>().FirstOrDefault(e => e["shkeptncontext"]!.GetValue<string>() == context);
            Deadline(watch, "get-sli.triggered");
            await Task.Delay(1);
        }
        var toGetSli = watch.Elapsed.TotalMilliseconds;

        var id = getSli["id"]!.GetValue<string>();
        var request = getSli["data"]!["get-sli"]!;
        var values = new JsonArray(Enumerable.Range(0, Objectives)
            .Select(i => (JsonNode)new JsonObject { ["metric"] = $"sli_{i}", ["value"] = 400 + (round * 7 + i * 13) % 100, ["success"] = true }).ToArray());
        var post = Stopwatch.StartNew();
        await PostAsync(client, Answer(id, context, "started", null));
        var postStarted = post.Elapsed.TotalMilliseconds;
        watch.Restart();
        await PostAsync(client, Answer(id, context, "finished", new JsonObject { ["start"] = request["start"]!.DeepClone(), ["end"] = request["end"]!.DeepClone(), ["indicatorValues"] = values }));
        JsonObject? finished = null;
        var readFinished = 0.0;
        while (finished is null)
        {
            read.Restart();
            var page = await client.GetFromJsonAsync<JsonObject>($"/api/mongodb-datastore/event?type=sh.keptn.event.evaluation.finished&keptnContext={context}&pageSize=1");
            readFinished = read.Elapsed.TotalMilliseconds;
            finished = page!["events"]!.AsArray().OfType<JsonObject>().FirstOrDefault();
            Deadline(watch, "evaluation.finished");
            await Task.Delay(finished is null ? 1 : 0);
        }
        var toFinished = watch.Elapsed.TotalMilliseconds;
        // Bosun's own reaction, from the events' times (set when each was created, millisecond precision).
        var answer = await client.GetFromJsonAsync<JsonObject>($"/api/mongodb-datastore/event?type=sh.keptn.event.get-sli.finished&keptnContext={context}&pageSize=1");
        var reaction = (Time(finished) - Time(answer!["events"]![0]!.AsObject())).TotalMilliseconds;
        return (toGetSli, toFinished, reaction, postStarted, 2 * postStarted + readOpenLast + readFinished);
    }

    private static string Answer(string id, string context, string kind, JsonObject? getSli)
    {
        var data = new JsonObject { ["project"] = "gate", ["stage"] = "hardening", ["service"] = "web", ["status"] = "succeeded", ["result"] = "pass" };
        if (getSli is not null)
        {
            data["get-sli"] = getSli;
        }
        return new JsonObject { ["type"] = $"sh.keptn.event.get-sli.{kind}", ["source"] = "bench-provider", ["triggeredid"] = id, ["shkeptncontext"] = context, ["data"] = data }.ToJsonString();
    }

    private static async Task PostAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/api/v1/event", new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private static void Deadline(Stopwatch watch, string what)
    {
        if (watch.Elapsed > TimeSpan.FromSeconds(30))
        {
            throw new TimeoutException($"no {what} within 30 s");
        }
    }

    private static DateTimeOffset Time(JsonObject evt) => DateTimeOffset.Parse(evt["time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

}
