using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Bosun.TestKit;

/// <summary>A real <c>bosun serve</c> process on a free loopback port, for end-to-end and crash tests.</summary>
public sealed partial class BosunProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BosunProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
    }

    public Uri Address { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>bosun</c> with the given arguments and waits until it listens (or exits).</summary>
    /// <param name="interruptible">Started with SIGINT handled as by default even when this process ignores it, as a
    /// test run in the background does (children inherit an ignored signal): through coreutils' <c>env --default-signal</c>.</param>
    public static async Task<BosunProcess> StartAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, bool waitForListening = true, bool interruptible = false)
    {
        var info = new ProcessStartInfo(interruptible ? "env" : RepositoryPaths.BosunBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in interruptible ? ["--default-signal=INT", RepositoryPaths.BosunBinary, .. arguments] : arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = new BosunProcess(Process.Start(info)!);
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        if (waitForListening)
        {
            var exited = process._process.WaitForExitAsync();
            var first = await Task.WhenAny(process._listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
            if (first != process._listening.Task)
            {
                throw new InvalidOperationException("bosun serve did not start listening:\n" + process.Output);
            }
            process.Address = await process._listening.Task;
        }
        return process;
    }

    public static Task<BosunProcess> ServeAsync(string dataDirectory, string token) =>
        StartAsync(["serve", "--listen", "127.0.0.1:0", "--data", dataDirectory, "--api-token", token]);

    /// <summary>The address <c>bosun argocd simulate</c> printed it listens on; fails if it exits or says nothing within 60 s.</summary>
    public async Task<Uri> SimulatorAddressAsync()
    {
        var listening = await Eventually.Until(
            () =>
            {
                var match = SimulatorListening().Match(Output);
                return !match.Success && HasExited
                    ? throw new InvalidOperationException("the simulator exited before it listened:\n" + Output)
                    : Task.FromResult(match);
            },
            match => match.Success,
            TimeSpan.FromSeconds(60),
            "the simulator listening");
        return new Uri(listening.Groups[1].Value);
    }

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("x-token", token);
        return client;
    }

    /// <summary>SIGKILL: the process gets no chance to clean up.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then the exit code.</summary>
    public Task<int> TerminateAsync() => SignalAsync(PosixSignal.SIGTERM);

    /// <summary>Sends <paramref name="signal"/> (SIGTERM, or SIGINT as Ctrl+C does), then the exit code.</summary>
    public async Task<int> SignalAsync(PosixSignal signal)
    {
        _ = SendSignal(_process.Id, signal switch
        {
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGTERM => 15,
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "SIGINT or SIGTERM"),
        });
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return _process.ExitCode;
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
        var match = Listening().Match(line);
        if (match.Success)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Bosun listening on (https?://[^\s,]+)")]
    private static partial Regex Listening();

    [GeneratedRegex(@"Argo CD simulator listening on (http://\S+)")]
    private static partial Regex SimulatorListening();

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);
}
