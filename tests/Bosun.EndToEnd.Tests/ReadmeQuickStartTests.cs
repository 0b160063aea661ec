using System.Diagnostics;
using System.Text.RegularExpressions;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests;

/// <summary>Runs the README's curl quick start against a real server, so the docs cannot rot.</summary>
public sealed partial class ReadmeQuickStartTests : IDisposable
{
    private readonly TempDirectory _work = new("bosun-readme");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task QuickStart_RunsASequenceToFinished()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));
        var script = QuickStart().Match(readme).Groups[1].Value;
        Assert.Contains("sh.keptn.event.dev.delivery.triggered", script);
        await using var server = await BosunProcess.StartAsync(["serve", "--listen", "127.0.0.1:0", "--data", _work.Combine("data")]);
        var info = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            WorkingDirectory = _work.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The block reads the generated token from data/api-token, as a user would.
        info.Environment["BOSUN"] = server.Address.ToString().TrimEnd('/');
        using var bash = Process.Start(info)!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        var errors = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.True(bash.ExitCode == 0, $"quick start failed ({bash.ExitCode}):\n{output}\n{errors}");
        Assert.Contains("\"state\":\"finished\"", output);
        Assert.Contains("\"type\":\"sh.keptn.event.test.triggered\"", output);
        Assert.Contains("\"type\":\"sh.keptn.event.dev.delivery.finished\"", output);
    }

    [GeneratedRegex(@"## Quick start with curl.*?```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex QuickStart();
}
