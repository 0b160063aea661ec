using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Bosun.TestKit;

/// <summary>
/// A real Prometheus (the Debian package's <c>/usr/bin/prometheus</c>, installed by <c>eng/test.sh</c>) on a free loopback
/// port, scraping one target every second, with its data in a temporary directory.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Job = "bosun-test";
    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
        _http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public static async Task<PrometheusServer> StartAsync(string target)
    {
        var binary = new[] { "/usr/bin/prometheus", "/usr/local/bin/prometheus" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("prometheus is not installed: eng/test.sh installs the Debian package 'prometheus' (apt-get install prometheus)");
        var directory = Path.Combine(Path.GetTempPath(), "bosun-prometheus-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
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
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.retention.time=1h", "--log.level=warn",
        })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        await server.WaitAsync(async () => (await server._http.GetAsync("-/ready")).IsSuccessStatusCode, "Prometheus to be ready");
        return server;
    }

    /// <summary>Polls an instant query until its single value is <paramref name="expected"/> (a scrape has happened).</summary>
    public Task WaitForValueAsync(string query, double expected) =>
        WaitAsync(async () => await ValueAsync(query) == expected, $"{query} == {expected}");

    public async Task<double?> ValueAsync(string query)
    {
        var body = JsonNode.Parse(await _http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(query)))!;
        var result = body["data"]?["result"] as JsonArray;
        return result is { Count: 1 } && result[0]!["value"] is JsonArray pair
            ? double.Parse(pair[1]!.GetValue<string>(), CultureInfo.InvariantCulture)
            : null;
    }

    private async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode} while waiting for {what}");
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"waited 30 s for {what}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>A loopback port nobody listens on at the moment.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                // Its output pipes may stay open a little longer; the process itself is gone.
            }
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
