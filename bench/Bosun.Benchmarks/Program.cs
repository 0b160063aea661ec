using System.Globalization;
using Bosun.Benchmarks;

// The end-to-end load driver of issue #2: starts the real server on SQLite and prints the five figures.
var smoke = args.Contains("--smoke");
var settings = smoke ? BenchSettings.Smoke : BenchSettings.Full;
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
Console.WriteLine($"Bosun load driver ({(smoke ? "smoke" : "full")} run, {Environment.ProcessorCount} cores)");
// (h) first: a pure CPU figure is only meaningful before the other scenarios have grown this process's heap.
var objectives = EvaluatorScenario.Run(smoke);
var parsing = ParsingScenario.Run(smoke);
if (args.Contains("--parsing"))
{
    PrintParsing(parsing, null);
    return;
}
if (args.Contains("--evaluator"))
{
    Console.WriteLine($"(h) SLO objectives scored (pure evaluator):  {objectives,10:F0} /s");
    return;
}
if (args.Contains("--delivery"))
{
    PrintDelivery(await DeliveryScenario.RunAsync(settings));
    return;
}
if (args.Contains("--webhooks"))
{
    PrintWebhooks(await WebhookScenario.RunAsync(settings));
    return;
}
if (args.Contains("--evaluation"))
{
    PrintEvaluation(await EvaluationScenario.RunAsync(settings));
    return;
}
if (args.Contains("--ui"))
{
    PrintUi(await UiScenario.RunAsync(smoke));
    return;
}
if (args.Contains("--dora"))
{
    PrintDora(await DoraScenario.RunAsync(smoke));
    return;
}
if (args.Contains("--flood"))
{
    PrintFlood(await FloodScenario.RunAsync(smoke));
    return;
}
if (args.Contains("--telemetry"))
{
    PrintTelemetry(await TelemetryScenario.RunAsync(settings, smoke));
    return;
}
if (args.Contains("--soak"))
{
    Console.WriteLine("(q) soak, a row a sample:      time   RSS MiB   sequences finished   per s   429s   queued   store MiB   read p99 ms");
    PrintSoak(await SoakScenario.RunAsync(SoakScenario.Plan.From(args, smoke), PrintSoakSample));
    return;
}
if (args.Contains("--crash"))
{
    foreach (var (report, where) in (await CrashScenario.RunAsync(args)).Zip(new[] { "SQLite", "PostgreSQL, 2 replicas" }))
    {
        Console.WriteLine($"(p) random crashes on {where}: {report}");
        Console.WriteLine($"    limit: 0 unfinished, 0 wrong task counts, 0 missing writes -> {(report.Kept ? "kept" : "BROKEN")}");
    }
    return;
}
if (args.Contains("--postgres-statements"))
{
    await PostgresScenario.StatementsAsync(settings);
    return;
}
if (args.Contains("--postgres"))
{
    PrintPostgres(await PostgresScenario.RunAsync(settings), settings);
    return;
}

var (raw, rawP99) = RawInsertScenario.Run(settings);
Console.WriteLine($"(a) durable single-event SQLite inserts:     {raw,10:F0} /s   ({settings.RawInserts} inserts, one transaction each, WAL, synchronous=FULL; one commit p99 {rawP99:F2} ms)");

if (args.Contains("--ingest"))
{
    await using var ingestServer = await ServerProcess.StartAsync();
    var rate = await IngestScenario.RunAsync(ingestServer, settings);
    Console.WriteLine($"(b) POST /api/v1/event, {settings.IngestClients} clients:         {rate,10:F0} /s   ({rate / raw:F2} x (a); target >= 0.6)");
    PrintParsing(parsing, rate);
    return;
}

double? ingestRate = null;
await using (var server = await ServerProcess.StartAsync())
{
    var latency = await TriggerLatencyScenario.RunAsync(server, settings);
    var cpu = MachineCpu.Now();
    var ingest = await IngestScenario.RunAsync(server, settings);
    var ingestCpu = MachineCpu.Now().BusyPercentSince(cpu);
    var sequences16 = await SequenceThroughputScenario.RunAsync(server, settings, 16);
    cpu = MachineCpu.Now();
    var sequences = await SequenceThroughputScenario.RunAsync(server, settings, settings.Executors);
    var sequencesCpu = MachineCpu.Now().BusyPercentSince(cpu);
    var rss = server.RssMiB();
    ingestRate = ingest;
    Console.WriteLine($"(b) POST /api/v1/event, {settings.IngestClients} clients:         {ingest,10:F0} /s   ({ingest / raw:F2} x (a); target >= 0.6; machine CPU busy {ingestCpu:F0}%)");
    Console.WriteLine($"(c) three-task sequences completed:         {sequences,10:F1} /s   ({settings.Sequences} sequences, {settings.Services} services, {settings.Executors} HTTP executors; target >= 300; machine CPU busy {sequencesCpu:F0}%)");
    Console.WriteLine($"    ... with 16 HTTP executors:             {sequences16,10:F1} /s   (each executor has one request in flight; each waits for a durable commit)");
    Console.WriteLine($"(d) trigger -> first task .triggered:   p50 {latency.P50,6:F2} ms, p90 {latency.P90,6:F2} ms, p99 {latency.P99,6:F2} ms, max {latency.Max,6:F2} ms (idle server, {settings.LatencySamples} samples after {latency.Warmup} until its JIT was quiet; target p99 < 5 ms)");
    Console.WriteLine($"    the floor, same run: an executor's .started: p50 {latency.StartedP50,6:F2} ms, p99 {latency.StartedP99,6:F2} ms (the smallest event a client posts: one durable commit; (a)'s bare commit p99 {rawP99:F2} ms)");
    Console.WriteLine($"    the server during those samples: {latency.Server.CommitsOver5Ms:F0} of its {latency.Server.Commits:F0} commits took over 5 ms; {latency.Server.Collections:F0} garbage collections paused it {latency.Server.PauseMs:F1} ms in all");
    Console.WriteLine($"(e) server RSS after the run:               {rss,10:F1} MiB (target < 150)");
}
if (args.Contains("--server"))
{
    return;
}

PrintDelivery(await DeliveryScenario.RunAsync(settings));

PrintWebhooks(await WebhookScenario.RunAsync(settings));

Console.WriteLine($"(h) SLO objectives scored (pure evaluator):  {objectives,10:F0} /s   (10 objectives, 50 previous results, p90 aggregate; target >= 100000; measured first, in a fresh process)");
PrintEvaluation(await EvaluationScenario.RunAsync(settings));
PrintParsing(parsing, ingestRate);
PrintUi(await UiScenario.RunAsync(smoke));
PrintDora(await DoraScenario.RunAsync(smoke));
PrintTelemetry(await TelemetryScenario.RunAsync(settings, smoke));
PrintFlood(await FloodScenario.RunAsync(smoke));
PrintPostgres(await PostgresScenario.RunAsync(settings), settings);

static void PrintSoakSample(SoakScenario.Sample s)
{
    Console.WriteLine($"                         {s.At.TotalMinutes,7:F1} m {s.RssMiB,9:F1} {s.Finished,20} {s.PerSecond,7:F1} {s.Refused,6} {s.Queued,8} {s.StoreMiB,11:F1} {s.ReadP99,13:F2}");
}

static void PrintSoak(SoakScenario.Result r)
{
    var warm = r.Samples[Math.Min(r.Plan.WarmupSamples, r.Samples.Count) - 1];
    Console.WriteLine($"(q) soak of {r.Plan.Duration.TotalMinutes:F0} min at {r.Plan.Rate} triggers/s (deployment by an outside executor, a webhook task, an evaluation): RSS {r.RssBeforeLoad:F0} MiB before the load, {warm.RssMiB:F0} MiB after the warm-up ({warm.At.TotalMinutes:F0} min), peak after it {r.Samples.Skip(r.Plan.WarmupSamples).Select(s => s.RssMiB).DefaultIfEmpty(warm.RssMiB).Max():F0} MiB, last {r.Samples[^1].RssMiB:F0} MiB");
    Console.WriteLine($"    growth after the warm-up: {r.Growth * 100:+0.0;-0.0}% (limit < 10%) -> {(r.Growth < 0.10 ? "kept" : "BROKEN")}");
}

static void PrintFlood(FloodScenario.Result f)
{
    Console.WriteLine($"(o) flood of {f.Triggers} triggers for one service (queue limit 15): {f.Accepted} accepted, {f.Refused} answered 429{(f.Other > 0 ? $", {f.Other} other" : "")} (expected 16 accepted: one runs, 15 wait)");
    Console.WriteLine($"    during it: /health p99 {f.HealthP99,6:F2} ms, sequence list p99 {f.ListP99,6:F2} ms, max {f.ReadMax,6:F2} ms ({f.Reads} reads; target p99 < 50 ms); RSS {f.RssBefore:F0} -> {f.RssAfter:F0} MiB (the unbounded queue grew ~400 MB)");
    if (f.Spread is { } s)
    {
        Console.WriteLine($"    {f.Triggers} triggers over {s.Services} services, all taken, {s.Waiting} waiting: /health p99 {s.HealthP99,6:F2} ms, sequence list p99 {s.ListP99,6:F2} ms ({s.Reads} reads; target p99 < 50 ms); RSS {s.RssAfter:F0} MiB");
    }
}

static void PrintTelemetry(TelemetryScenario.Result t) =>
    Console.WriteLine($"(n) three-task sequences, OTLP traces + metrics exported: {t.On,8:F1} /s   (not exported: {t.Off:F1} /s, same run: cost {t.Cost * 100:F1}%; target < 10%; {t.Exports} exports, {t.ExportedBytes / 1024.0:F0} KiB; best of {t.Rounds} each)");

static void PrintDora(DoraScenario.Result dora) =>
    Console.WriteLine($"(m) GET /api/bosun/v1/dora over {dora.Deployments} deployments ({dora.Failed} failed): p50 {dora.P50,6:F2} ms, p95 {dora.P95,6:F2} ms, max {dora.Max,6:F2} ms ({dora.Samples} samples; target < 100 ms)");

static void PrintUi(UiScenario.Result ui)
{
    var s = ui.Sizes;
    Console.WriteLine($"(l) web UI, {s.Services} services x 4 stages, {s.Sequences} sequences, {ui.Events} events (written in {ui.SeedSeconds:F1} s); server-side render, whole page read, {s.Samples} samples:");
    foreach (var page in ui.Pages)
    {
        var limit = page.Name.StartsWith("heatmap", StringComparison.Ordinal) ? 150 : page.Name is "environment" or "sequence list" or "sequence list, filtered" ? 100 : (int?)null;
        var weight = (page.Bytes + ui.ScriptBytes) / 1024.0;
        Console.WriteLine($"    {page.Name,-26} p50 {page.Render.P50,7:F2} ms, p95 {page.Render.P95,7:F2} ms, max {page.Render.Max,7:F2} ms{(limit is { } l ? $" (target p95 < {l} ms)" : "")}; {weight,6:F1} KB with its CSS and script (target < 150)");
    }
    Console.WriteLine($"    stored event -> open live stream:   p50 {ui.Live.P50,6:F2} ms, p95 {ui.Live.P95,6:F2} ms, max {ui.Live.Max,6:F2} ms (from the API POST sent; target < 500 ms)");
    Console.WriteLine($"    {s.Streams} open SSE streams add to RSS:  {ui.StreamsMiB,10:F1} MiB (target < 20)");
}

static void PrintPostgres(PostgresScenario.Result pg, BenchSettings settings)
{
    Console.WriteLine($"(k) PostgreSQL: one-row insert commits (pgbench, 1 client): {pg.RawCommits,8:F0} /s   (16 clients: {pg.RawCommits16:F0} /s; the limit, same server, same run)");
    var one = pg.Runs[0];
    foreach (var run in pg.Runs)
    {
        var replicas = run.Replicas == 1 ? "1 replica: " : $"{run.Replicas} replicas:";
        Console.WriteLine($"    {replicas} POST /api/v1/event, {settings.IngestClients} clients: {run.Ingest,8:F0} /s   ({run.Ingest / pg.RawCommits:F2} x the raw commit rate; target >= 1.5; machine CPU busy {run.IngestCpu:F0}%)");
        Console.WriteLine($"    {replicas} three-task sequences:       {run.Sequences,8:F1} /s   ({settings.Sequences} sequences, {settings.Services} services, {settings.Executors} executors; target >= 300 with 1 replica; machine CPU busy {run.SequencesCpu:F0}%)");
        Console.WriteLine($"    {replicas} trigger -> first task:   p50 {run.Latency.P50,6:F2} ms, p99 {run.Latency.P99,6:F2} ms, max {run.Latency.Max,6:F2} ms; RSS {run.RssMiB:F0} MiB a replica");
        if (run != one)
        {
            Console.WriteLine($"    {replicas} against 1 replica:       ingest {run.Ingest / one.Ingest:F2} x, sequences {run.Sequences / one.Sequences:F2} x (target: no slower, >= 1.0)");
        }
    }
}

// The limit applies to the normal path: the JSON checks are weighed against a whole POST /api/v1/event at (b)'s rate.
static void PrintParsing(ParsingScenario.Result p, double? ingest)
{
    Console.WriteLine($"(j) shipyard + webhook.yaml read, bounded:  {p.Yaml,10:F0} /s   (unbounded reader {p.YamlBaseline:F0} /s: the node budget, depth and size limits cost {p.YamlCost * 100:+0.0;-0.0}%; limit +5%)");
    var added = (1e6 / p.Json) - (1e6 / p.JsonBaseline);
    Console.WriteLine($"    event body read, strict JSON:           {p.Json,10:F0} /s   (plain JsonNode.Parse {p.JsonBaseline:F0} /s: UTF-8, duplicate keys, surrogates and depth add {added:F2} µs a body, {p.JsonCost * 100:+0.0;-0.0}% of the parse)");
    if (ingest is { } rate)
    {
        Console.WriteLine($"    ... of a POST /api/v1/event at (b)'s rate:   {added / (1e6 / rate) * 100,9:+0.00;-0.00}%   ({1e6 / rate:F0} µs an event; limit +5%)");
    }
    Console.WriteLine($"    webhook payload rendered, with budgets:   {p.Template,10:F0} /s   (step budget and output cap on every node)");
}

static void PrintEvaluation(EvaluationScenario.Result e)
{
    Console.WriteLine($"(i) whole evaluation through the API:   p50 {e.P50,6:F2} ms, p90 {e.P90,6:F2} ms, p99 {e.P99,6:F2} ms, max {e.Max,6:F2} ms ({e.Samples} evaluations one at a time after {e.Warmup} to warm up, 10 objectives, 50 previous; SLI provider time excluded; target p99 < 5 ms)");
    Console.WriteLine($"    POST -> get-sli.triggered open:             p50 {e.ToGetSliP50,6:F2} ms, p99 {e.ToGetSliP99,6:F2} ms (each seen by a 1 ms API poller)");
    Console.WriteLine($"    get-sli.finished posted -> evaluation.finished visible: p50 {e.ToFinishedP50,6:F2} ms, p99 {e.ToFinishedP99,6:F2} ms");
    Console.WriteLine($"    get-sli.finished created -> evaluation.finished created: p50 {e.ReactionP50,6:F2} ms, p99 {e.ReactionP99,6:F2} ms (the events' own times: the answer's commit, the hand-over and the scoring, without the final commit)");
    Console.WriteLine($"    the client's floor, same run:               p50 {e.FloorP50,6:F2} ms, p99 {e.FloorP99,6:F2} ms (its two durable POSTs, one read of each poll, no work by Bosun between; one POST p50 {e.PostP50:F2} ms, p99 {e.PostP99:F2} ms)");
}

static void PrintDelivery(DeliveryScenario.Result delivery)
{
    Console.WriteLine($"(f) Argo CD deliveries, {delivery.Apps} apps at once:     {delivery.PerSecond,10:F1} /s   ({delivery.Seconds:F2} s a round from the pushes to its last deliver.finished, {delivery.Rounds} rounds; simulator sync 200 ms + health 200 ms)");
    Console.WriteLine($"    Synced+Healthy -> deliver.finished stored: p50 {delivery.P50,6:F2} ms, p99 {delivery.P99,6:F2} ms, max {delivery.Max,6:F2} ms ({delivery.Apps * delivery.Rounds} samples, seen on the UI's live stream; target p99 < 50 ms)");
    Console.WriteLine($"    ... until Bosun created the event:         p50 {delivery.ReactionP50,6:F2} ms, p99 {delivery.ReactionP99,6:F2} ms (the rest is the writer's queue and the durable commit)");
    var w = delivery.Writer;
    Console.WriteLine($"    the burst: {delivery.Apps} apps Synced+Healthy within {delivery.BurstMs:F0} ms (p10 to p90); the writer in those rounds: {w.Transactions:F0} transactions of {w.Inputs / w.Transactions:F1} inputs,");
    Console.WriteLine($"      work {w.WorkPerInputMs:F3} ms an input, commit {w.CommitMs:F2} ms each; an input waited {w.WaitMs:F2} ms for the writer on average, {w.WaitedOver25Ms:P0} of them over 25 ms");
    var load = delivery.Server;
    Console.WriteLine($"    the server: measured after {load.WarmupRounds} warm-up rounds ({load.WarmupSeconds:F1} s, until a round's JIT compiled < 50 methods); in the measured rounds its JIT compiled {load.JitMethods:F0} methods,");
    Console.WriteLine($"      the garbage collector paused it {load.GcPauseShare:P1} of the time, and it allocated {load.AllocatedPerDelivery / 1024:F0} KiB a delivery");
}

static void PrintWebhooks(WebhookScenario.Result webhooks)
{
    Console.WriteLine($"(g) webhook tasks completed:                {webhooks.PerSecond,10:F1} /s   ({webhooks.Tasks} tasks, 50 services, one POST each to a local receiver; target >= 500)");
    Console.WriteLine($"    time Bosun adds per request:        p50 {webhooks.AddedP50,6:F2} ms, p99 {webhooks.AddedP99,6:F2} ms (.triggered -> request p99 {webhooks.DispatchP99:F2} ms, answer -> .finished p99 {webhooks.AnswerP99:F2} ms)");
}
