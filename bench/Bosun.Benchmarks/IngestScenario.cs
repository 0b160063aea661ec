using System.Diagnostics;
using System.Text;

namespace Bosun.Benchmarks;

/// <summary>(b) <c>POST /api/v1/event</c> from concurrent clients; every event is stored durably before the answer.</summary>
internal static class IngestScenario
{
    public static async Task<double> RunAsync(IBenchServer server, BenchSettings settings)
    {
        using var client = server.Client();
        var next = 0;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, settings.IngestClients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= settings.IngestEvents)
            {
                var body = """{"type":"sh.keptn.log.error","source":"bench","data":{"project":"bench","message":"ingest"}}""";
                using var response = await client.PostAsync("/api/v1/event", new StringContent(body, Encoding.UTF8, "application/json"));
                response.EnsureSuccessStatusCode();
            }
        });
        await Task.WhenAll(workers);
        return settings.IngestEvents / watch.Elapsed.TotalSeconds;
    }
}
