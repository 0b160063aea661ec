using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Bosun.Benchmarks;

/// <summary>
/// (m) The DORA answer over 10,000 deployments: one stage's runs of 50 services over 30 days (one in ten with a failed
/// quality gate after its delivery), written into the store as (l) does, then <c>GET /api/bosun/v1/dora</c> timed.
/// </summary>
internal static class DoraScenario
{
    internal sealed record Result(int Deployments, int Failed, double P50, double P95, double Max, int Samples);

    public static async Task<Result> RunAsync(bool smoke)
    {
        var (deployments, samples) = smoke ? (200, 5) : (10_000, 50);
        var (data, _, _) = await UiScenario.PrepareAsync(50, deployments, i => ($"svc{i % 50}", "prod"));
        await using var server = await ServerProcess.StartOnAsync(data, null);
        using var api = server.Client();
        var from = TimeProvider.System.GetUtcNow().AddDays(-31).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var path = $"/api/bosun/v1/dora?project=ui&stage=prod&from={from}";
        JsonObject answer = [];
        for (var i = 0; i < 5; i++)
        {
            answer = (await api.GetFromJsonAsync<JsonObject>(path))!;
        }
        var times = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await api.GetAsync(path);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return new Result(answer["deploymentFrequency"]!["deployments"]!.GetValue<int>(), answer["changeFailureRate"]!["failed"]!.GetValue<int>(),
            Samples.Percentile(times, 0.5), Samples.Percentile(times, 0.95), times[^1], samples);
    }
}
