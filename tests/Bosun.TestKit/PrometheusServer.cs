using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Bosun.TestKit;

/// <summary>
/// A real Prometheus (the Debian package's <c>/usr/bin/prometheus</c>, installed by <c>eng/test.sh</c>) on a free loopback
/// port, scraping one target every second, with its data in a temporary directory.
/// </summary>
public sealed class PrometheusServer : ChildServer
{
    public const string Job = "bosun-test";

    private PrometheusServer((Process, ConcurrentQueue<string>) child, string directory, Uri address)
        : base("prometheus", child, directory, address)
    {
    }

    public static async Task<PrometheusServer> StartAsync(string target)
    {
        var binary = Binary("prometheus", "/usr/bin/prometheus", "/usr/local/bin/prometheus");
        var directory = NewDirectory("prometheus");
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: {Job}
                static_configs:
                  - targets: ['{target}']
            """);
        var port = FreePort();
        var child = Launch(binary,
        [
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.retention.time=1h", "--log.level=warn",
        ]);
        var server = new PrometheusServer(child, directory, new Uri($"http://127.0.0.1:{port}/"));
        await server.WaitAsync(async () => (await server.Http.GetAsync("-/ready")).IsSuccessStatusCode, "Prometheus to be ready");
        return server;
    }

    /// <summary>Polls an instant query until its single value is <paramref name="expected"/> (a scrape has happened).</summary>
    public Task WaitForValueAsync(string query, double expected) =>
        WaitAsync(async () => await ValueAsync(query) == expected, $"{query} == {expected}");

    /// <summary>The label names of the series <paramref name="match"/> selects.</summary>
    public async Task<IReadOnlyList<string>> LabelsAsync(string match)
    {
        var body = JsonNode.Parse(await Http.GetStringAsync("api/v1/labels?match[]=" + Uri.EscapeDataString(match)))!;
        return body["data"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
    }

    public async Task<double?> ValueAsync(string query)
    {
        var body = JsonNode.Parse(await Http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(query)))!;
        var result = body["data"]?["result"] as JsonArray;
        return result is { Count: 1 } && result[0]!["value"] is JsonArray pair
            ? double.Parse(pair[1]!.GetValue<string>(), CultureInfo.InvariantCulture)
            : null;
    }
}
