using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bosun.TestKit;

/// <summary>
/// A real server binary from a Debian package (Prometheus, Alertmanager) run as a child process on a loopback port,
/// its files in a temporary directory that goes with it.
/// </summary>
public abstract class ChildServer : IAsyncDisposable
{
    private Process _process;
    private readonly string _directory;
    private readonly string _name;
    private ConcurrentQueue<string> _output;

    protected ChildServer(string name, (Process Process, ConcurrentQueue<string> Output) child, string directory, Uri address)
    {
        _name = name;
        (_process, _output) = child;
        _directory = directory;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    protected HttpClient Http { get; }

    /// <summary>The first of <paramref name="candidates"/> that exists, or an error saying which package provides it.</summary>
    protected static string Binary(string package, params string[] candidates) =>
        candidates.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{package} is not installed: eng/test.sh installs the Debian package '{package}' (apt-get install {package})");

    /// <summary>A loopback port nobody listens on at the moment.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A fresh temporary directory for the server's files.</summary>
    protected static string NewDirectory(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"bosun-{name}-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    protected static (Process, ConcurrentQueue<string>) Launch(string binary, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info)!;
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    /// <summary>The server's process ended (it was stopped) and <paramref name="child"/> runs in its place, on the same files.</summary>
    protected void Replace((Process Process, ConcurrentQueue<string> Output) child)
    {
        _process.Dispose();
        (_process, _output) = child;
    }

    /// <summary>Polls <paramref name="condition"/> (connection errors count as false) for up to 30 s.</summary>
    protected Task WaitAsync(Func<Task<bool>> condition, string what) => Eventually.Until(
        async () =>
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            return _process.HasExited
                ? throw new InvalidOperationException($"{_name} exited with code {_process.ExitCode} while waiting for {what}: {string.Join('\n', _output)}")
                : false;
        },
        TimeSpan.FromSeconds(30),
        what);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
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
        GC.SuppressFinalize(this);
    }
}
