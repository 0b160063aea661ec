using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Bosun.Benchmarks;

/// <summary>The real <c>bosun serve</c> (Release build) on a free loopback port over a fresh data directory.</summary>
internal sealed partial class ServerProcess : IBenchServer
{
    public const string Token = "bench-token";
    private readonly Process _process;

    private ServerProcess(Process process, Uri address, string data)
    {
        _process = process;
        Address = address;
        DataDirectory = data;
    }

    public Uri Address { get; }
    public string DataDirectory { get; }

    public static Task<ServerProcess> StartAsync(params string[] extra) => StartAsync(null, extra);

    /// <param name="environment">Extra environment (e.g. the sealing key replicas share).</param>
    public static Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string>? environment, params string[] extra) =>
        StartOnAsync(Path.Combine(Path.GetTempPath(), "bosun-bench-" + Guid.NewGuid().ToString("N")), environment, extra);

    /// <summary>On a given data directory (one an earlier process left, after <see cref="KillAsync"/>).</summary>
    public static async Task<ServerProcess> StartOnAsync(string data, IReadOnlyDictionary<string, string>? environment, params string[] extra)
    {
        var info = new ProcessStartInfo(Binary()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // The throughput scenarios trigger far more than 15 sequences per service at once: their queues are unbounded
        // unless a scenario sets one (DESIGN §8's limit is the server's default, not the benchmark's).
        var limit = extra.Contains("--queue-limit") ? [] : new[] { "--queue-limit", "0" };
        foreach (var arg in new[] { "serve", "--listen", "127.0.0.1:0", "--data", data, "--api-token", Token }.Concat(limit).Concat(extra))
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // As the launcher and the image start it (docs/operations.md, "Memory"): the gen0 budget and two malloc arenas.
        info.Environment["DOTNET_GCgen0size"] = "0x400000";
        info.Environment["MALLOC_ARENA_MAX"] = "2";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        var process = Process.Start(info)!;
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var match = Listening().Match(line);
            if (match.Success)
            {
                _ = DrainAsync(process.StandardOutput);
                return new ServerProcess(process, new Uri(match.Groups[1].Value), data);
            }
        }
        throw new InvalidOperationException("bosun serve did not start");
    }

    public HttpClient Client()
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("x-token", Token);
        return client;
    }

    /// <summary>Resident set size of the server process, in MiB.</summary>
    public double RssMiB()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>Stops the process (SIGKILL) and leaves its data directory for the next one.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is not null)
        {
        }
    }

    private static string Binary()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bosun.slnx")))
            {
#if DEBUG
                const string configuration = "Debug";
#else
                const string configuration = "Release";
#endif
                return Path.Combine(dir.FullName, "src", "Bosun.Cli", "bin", configuration, "net10.0", "bosun");
            }
        }
        throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex(@"Bosun listening on (http://[^\s,]+)")]
    private static partial Regex Listening();
}
