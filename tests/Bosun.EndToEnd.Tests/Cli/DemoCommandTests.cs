using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Cli;

/// <summary><c>bosun demo</c> as a newcomer runs it: the whole loop, both stages, within its own deadline.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly TempDirectory _work = new("bosun-demo");

    public void Dispose() => _work.Dispose();

    private async Task<(int Exit, string Out, string Err)> DemoAsync(params string[] extra)
    {
        var info = new ProcessStartInfo(RepositoryPaths.BosunBinary, ["demo", "--timeout", "90", .. extra])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _work.Path,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Demo_DeliversThroughDevAndProd_AndSaysHowToRepeatEachStep()
    {
        var (exit, output, errors) = await DemoAsync();
        Assert.True(exit == 0, $"exit {exit}\n{output}\n{errors}");
        Assert.Equal(string.Empty, errors);
        foreach (var step in new[]
        {
            "$ bosun create project demo --shipyard ", "$ bosun create service web --project demo", "--resourceUri webhook/webhook.yaml",
            "$ bosun configure monitoring demo-metrics --project demo", "/sim/apps/demo-web-dev/push", "--watch --server http://127.0.0.1:",
        })
        {
            Assert.Contains(step, output);
        }
        var lines = output.Split('\n');
        var order = new[]
        {
            "dev deliver.finished pass demo-web-dev is Synced and Healthy at r2", "dev test.finished pass", "dev evaluation.finished pass",
            "prod approval.finished pass approved by bosun demo", "prod deliver.finished pass demo-web-prod is Synced and Healthy at r2",
            "prod test.finished pass", "prod evaluation.finished pass", "prod prod.delivery.finished pass",
        };
        var positions = order.Select(o => Array.FindIndex(lines, l => l.Contains(o, StringComparison.Ordinal))).ToArray();
        Assert.True(positions.All(p => p >= 0) && positions.SequenceEqual(positions.Order()), output);
        Assert.Contains("$ bosun approve ", output);
        Assert.Matches(@"Delivered r2 through dev and prod in [0-9.]+ s; demo-web-prod runs r2, Healthy\.", output);
        Assert.True(File.Exists(_work.Combine("bosun-demo/files/shipyard.yaml")));

        // Run again: the earlier demo's files are replaced, not refused.
        var (again, secondOutput, _) = await DemoAsync();
        Assert.True(again == 0, secondOutput);
        Assert.Contains("Removed the earlier demo in", secondOutput);
    }

    [Theory]
    [InlineData(PosixSignal.SIGINT)]
    [InlineData(PosixSignal.SIGTERM)]
    public async Task Demo_KeptRunning_StopsItsServersOnCtrlCOrSigterm(PosixSignal signal)
    {
        // The demo's servers run in its own process: a signal must reach the demo, which stops them and exits as its
        // delivery did, not be taken by one server's host and ignored.
        await using var demo = await BosunProcess.StartAsync(["demo", "--keep", "--timeout", "90", "--dir", _work.Combine("kept")], waitForListening: false, interruptible: true);
        await Eventually.Until(() => demo.Output.Contains("keep running", StringComparison.Ordinal) || demo.HasExited, TimeSpan.FromMinutes(2), "the demo delivering and keeping running");
        var bosun = Regex.Match(demo.Output, @"Bosun is listening on (http://127\.0\.0\.1:\d+)").Groups[1].Value;
        using var client = new HttpClient { BaseAddress = new Uri(bosun) };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        Assert.Equal(0, await demo.SignalAsync(signal));
        Assert.Contains("Stopped Bosun and the simulator", demo.Output);
    }

    [Fact]
    public async Task Demo_StoppedDuringTheDelivery_StopsItsServersAndSaysTheDeliveryDidNotFinish()
    {
        await using var demo = await BosunProcess.StartAsync(["demo", "--timeout", "90", "--dir", _work.Combine("cut")], waitForListening: false, interruptible: true);
        await Eventually.Until(() => demo.Output.Contains("dev deliver.triggered", StringComparison.Ordinal) || demo.HasExited, TimeSpan.FromMinutes(2), "dev's delivery starting");

        Assert.Equal(1, await demo.SignalAsync(PosixSignal.SIGINT));
        Assert.Contains("Stopped Bosun and the simulator", demo.Output);
        Assert.Contains("bosun demo: stopped before the delivery finished", demo.Output);
        Assert.DoesNotContain("prod.delivery.finished", demo.Output);
    }

    [Fact]
    public async Task Demo_ReplacesAnEarlierDemoThatStoppedBeforeItsData()
    {
        Directory.CreateDirectory(_work.Combine("bosun-demo/files"));
        await File.WriteAllTextAsync(_work.Combine("bosun-demo/files/shipyard.yaml"), "left by an interrupted demo");
        var (exit, output, errors) = await DemoAsync();
        Assert.True(exit == 0, $"exit {exit}\n{output}\n{errors}");
        Assert.Contains("Removed the earlier demo in", output);
    }

    [Fact]
    public async Task Demo_RefusesADirectoryThatHoldsSomethingElse()
    {
        Directory.CreateDirectory(_work.Combine("mine"));
        await File.WriteAllTextAsync(_work.Combine("mine/notes.txt"), "keep me");
        var (exit, _, errors) = await DemoAsync("--dir", "mine");
        Assert.Equal(2, exit);
        Assert.Equal($"bosun demo: {_work.Combine("mine")} is not empty and holds no earlier demo; pass another --dir\n", errors);
        Assert.True(File.Exists(_work.Combine("mine/notes.txt")));
    }
}
