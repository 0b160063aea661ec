using System.Diagnostics;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests;

/// <summary>The pinned <c>./bosun</c> launcher: builds on first use (or when sources changed), then execs the CLI.</summary>
public sealed class LauncherTests
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(RepositoryPaths.Root, "bosun"), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Launcher_RunsTheCli_AndDoesNotRebuildWhenNothingChanged()
    {
        var first = await RunAsync("version");
        Assert.True(first.Exit == 0, first.Err);
        Assert.StartsWith("bosun ", first.Out);
        var second = await RunAsync("version");
        Assert.Equal(0, second.Exit);
        Assert.DoesNotContain("building", second.Err);
        Assert.Equal(first.Out, second.Out);
    }

    [Fact]
    public async Task Launcher_UnknownVerb_ExitsNonZeroWithMessage()
    {
        var result = await RunAsync("frobnicate");
        Assert.NotEqual(0, result.Exit);
        Assert.Contains("frobnicate", result.Err + result.Out);
    }
}
