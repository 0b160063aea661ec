using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Bosun.Benchmarks;

/// <summary>
/// (o) DESIGN §8 under a flood: triggers for one service from 16 clients at once, on a server with the default queue
/// limit (15) and a first task nobody answers, so one runs, fifteen wait and the rest are refused with 429. Meanwhile a
/// reader measures <c>/health</c> and the sequence list; the server's RSS before and after says whether memory stayed bounded.
/// </summary>
internal static class FloodScenario
{
    internal sealed record Result(int Triggers, int Accepted, int Refused, int Other, double HealthP99, double ListP99, double ReadMax, int Reads, double RssBefore, double RssAfter)
    {
        /// <summary>Phase two: as many triggers spread over enough services that every one is taken and waits.</summary>
        public Pending? Spread { get; init; }
    }

    internal sealed record Pending(int Services, int Waiting, double HealthP99, double ListP99, int Reads, double RssAfter);

    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: { name: flood }
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: deployment
        """;

    public static async Task<Result> RunAsync(bool smoke)
    {
        var triggers = smoke ? 200 : 2000;
        await using var server = await ServerProcess.StartAsync("--queue-limit", "15");
        using var client = server.Client();
        (await client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = "flood", shipyard = Convert.ToBase64String(Encoding.UTF8.GetBytes(Shipyard)) })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/controlPlane/v1/project/flood/service", new { serviceName = "web" })).EnsureSuccessStatusCode();
        var rssBefore = server.RssMiB();

        int accepted = 0, refused = 0, other = 0, next = -1;
        var flooding = true;
        var health = new List<double>();
        var list = new List<double>();
        var reader = Task.Run(async () =>
        {
            using var reads = server.Client();
            while (Volatile.Read(ref flooding))
            {
                await ReadOnceAsync(reads, health, list);
            }
        });
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < triggers)
            {
                var body = "{\"type\":\"sh.keptn.event.dev.delivery.triggered\",\"source\":\"flood\",\"data\":{\"project\":\"flood\",\"stage\":\"dev\",\"service\":\"web\",\"labels\":{\"version\":\"v" + i + "\"}}}";
                using var response = await client.PostAsync("/api/v1/event", new StringContent(body, Encoding.UTF8, "application/json"));
                _ = response.StatusCode switch
                {
                    HttpStatusCode.OK => Interlocked.Increment(ref accepted),
                    HttpStatusCode.TooManyRequests => Interlocked.Increment(ref refused),
                    _ => Interlocked.Increment(ref other),
                };
            }
        })));
        Volatile.Write(ref flooding, false);
        await reader;
        health.Sort();
        list.Sort();
        var flood = new Result(triggers, accepted, refused, other, Samples.Percentile(health, 0.99), Samples.Percentile(list, 0.99),
            Math.Max(health[^1], list[^1]), health.Count + list.Count, rssBefore, server.RssMiB());
        return flood with { Spread = await SpreadAsync(server, client, triggers) };
    }

    /// <summary>The triggers over ceil(n / 16) services, all taken (16 a service: one runs, 15 wait); then reads while they wait.</summary>
    private static async Task<Pending> SpreadAsync(ServerProcess server, HttpClient client, int triggers)
    {
        var services = (triggers + 15) / 16;
        for (var s = 0; s < services; s++)
        {
            (await client.PostAsJsonAsync("/api/controlPlane/v1/project/flood/service", new { serviceName = $"svc{s}" })).EnsureSuccessStatusCode();
        }
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < triggers)
            {
                var body = "{\"type\":\"sh.keptn.event.dev.delivery.triggered\",\"source\":\"flood\",\"data\":{\"project\":\"flood\",\"stage\":\"dev\",\"service\":\"svc" + (i % services) + "\",\"labels\":{\"version\":\"s" + i + "\"}}}";
                (await client.PostAsync("/api/v1/event", new StringContent(body, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            }
        })));
        var health = new List<double>();
        var list = new List<double>();
        for (var r = 0; r < 200; r++)
        {
            await ReadOnceAsync(client, health, list);
        }
        health.Sort();
        list.Sort();
        return new Pending(services, triggers - services, Samples.Percentile(health, 0.99), Samples.Percentile(list, 0.99), 400, server.RssMiB());
    }

    /// <summary>One <c>/health</c> and one sequence-list read, each timed.</summary>
    private static async Task ReadOnceAsync(HttpClient client, List<double> health, List<double> list)
    {
        var watch = Stopwatch.StartNew();
        (await client.GetAsync("/health")).EnsureSuccessStatusCode();
        health.Add(watch.Elapsed.TotalMilliseconds);
        watch.Restart();
        (await client.GetAsync("/api/controlPlane/v1/sequence/flood?pageSize=50")).EnsureSuccessStatusCode();
        list.Add(watch.Elapsed.TotalMilliseconds);
    }
}
