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
        // The block reads the generated token from data/api-token, as a user would.
        var output = await RunAsync("quick start", script, server);
        Assert.Contains("\"state\":\"finished\"", output);
        Assert.Contains("\"type\":\"sh.keptn.event.test.triggered\"", output);
        Assert.Contains("\"type\":\"sh.keptn.event.dev.delivery.finished\"", output);
    }

    [Fact]
    public async Task ArgoCdSection_DeliversThroughTheSimulator()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));
        var section = ArgoCdSection().Match(readme);
        Assert.True(section.Success, "the README's Argo CD section has changed shape");
        var (argo, argoUrl) = await SimulatorAsync(AppsFile().Match(section.Groups[1].Value).Groups[1].Value);
        await using var simulator = argo;
        await using var server = await BosunProcess.StartAsync(["serve", "--listen", "127.0.0.1:0", "--data", _work.Combine("data"), "--argocd-url", argoUrl, "--argocd-token", "argo-token"]);
        var output = await RunAsync("the Argo CD section", section.Groups[2].Value, server, ("ARGOCD", argoUrl.TrimEnd('/')));
        Assert.Contains("\"result\":\"pass\"", output);
        Assert.Contains("\"deploymentURIsPublic\":[\"https://web.example.com\"]", output);
        Assert.Contains("\"revision\":\"r2\"", output);
    }

    [Fact]
    public async Task QualityGatesSection_PassesAgainstARealPrometheus()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));
        var script = QualityGates().Match(readme).Groups[1].Value;
        Assert.Contains("sh.keptn.event.monitoring.configure", script);
        await using var exporter = await MetricsExporter.StartAsync();
        exporter.Set("demo_requests_total", 1);
        await using var prometheus = await PrometheusServer.StartAsync(exporter.Target);
        await prometheus.WaitForValueAsync("min(up)", 1);
        await using var server = await BosunProcess.StartAsync(["serve", "--listen", "127.0.0.1:0", "--data", _work.Combine("data"), "--prometheus-url", prometheus.Address.ToString()]);
        var output = await RunAsync("the quality gates section", script, server);
        Assert.Equal(["\"result\":\"pass\"", "\"score\":1", "\"score\":100"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task ApprovalsAndRemediationSection_ApprovesAndPicksTheFirstAction()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));
        var script = ApprovalsAndRemediation().Match(readme).Groups[1].Value;
        Assert.Contains("/api/v1/alertmanager", script);
        await using var server = await BosunProcess.StartAsync(["serve", "--listen", "127.0.0.1:0", "--data", _work.Combine("data")]);
        var output = await RunAsync("the approvals and remediation section", script, server);
        Assert.Equal(["\"message\":\"approved by alice: change ticket 42\"", "\"action\":\"scaling\""], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task DemoQuickStart_RunsTheWholeLoop()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));
        var script = DemoQuickStart().Match(readme).Groups[1].Value;
        Assert.Equal("./bosun demo\n", script);
        LinkLauncher();
        var output = await RunAsync("the demo quick start", script, null);
        Assert.Contains("Delivered r2 through dev and prod", output);
    }

    [Fact]
    public async Task WithYourArgoCdSection_RunsTheCliStepsAgainstTheSimulator()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));
        var section = WithYourArgoCd().Match(readme);
        Assert.True(section.Success, "the README's 'same with your Argo CD' section has changed shape");
        Assert.Contains("keptnProject: shop, keptnService: web, stage: dev", section.Groups[1].Value);
        var (argo, argoUrl) = await SimulatorAsync("""
            [{"name": "web-dev", "revision": "r1", "labels": {"keptnProject": "shop", "keptnService": "web", "stage": "dev"}}]
            """);
        await using var simulator = argo;
        await using var server = await BosunProcess.StartAsync(["serve", "--listen", "127.0.0.1:0", "--data", _work.Combine("data"), "--argocd-url", argoUrl, "--argocd-token", "argo-token"]);
        LinkLauncher();
        var output = await RunAsync("the 'same with your Argo CD' section", section.Groups[2].Value, server, ("BOSUN_CONFIG", _work.Combine("bosun-config.json")));
        Assert.Contains("Project shop created", output);
        Assert.Contains("name: argocd-notifications-cm", await File.ReadAllTextAsync(_work.Combine("argocd-bosun.yaml")));
        Assert.Contains("deliver.finished pass web-dev is Synced and Healthy at r2", output);
        Assert.Matches(@"ended finished: passed", output);
        Assert.Matches(@"delivery\s+web\s+finished", output);
    }

    /// <summary><c>bosun argocd simulate</c> with these apps and the token <c>argo-token</c>, and the URL it listens on.</summary>
    private async Task<(BosunProcess Simulator, string Url)> SimulatorAsync(string apps)
    {
        await File.WriteAllTextAsync(_work.Combine("apps.json"), apps);
        var argo = await BosunProcess.StartAsync(["argocd", "simulate", "--listen", "127.0.0.1:0", "--apps", _work.Combine("apps.json"), "--token", "argo-token"], waitForListening: false);
        try
        {
            return (argo, (await argo.SimulatorAddressAsync()).ToString().TrimEnd('/'));
        }
        catch
        {
            await argo.DisposeAsync();
            throw;
        }
    }

    /// <summary>The README's commands say <c>./bosun</c> (the launcher at the repository root); here it is the built binary.</summary>
    private void LinkLauncher()
    {
        var link = _work.Combine("bosun");
        if (!File.Exists(link))
        {
            File.CreateSymbolicLink(link, RepositoryPaths.BosunBinary);
        }
    }

    /// <summary>Runs a README block with bash (<c>-euo pipefail</c>) in the work directory, <c>BOSUN</c> pointing at the server.</summary>
    private async Task<string> RunAsync(string what, string script, BosunProcess? server, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            WorkingDirectory = _work.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (server is not null)
        {
            info.Environment["BOSUN"] = server.Address.ToString().TrimEnd('/');
        }
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        using var bash = Process.Start(info)!;
        var output = bash.StandardOutput.ReadToEndAsync();
        var errors = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.True(bash.ExitCode == 0, $"{what} failed ({bash.ExitCode}):\n{await output}\n{errors}\n{server?.Output}");
        return await output;
    }

    [GeneratedRegex(@"## Quality gates\n.*?```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex QualityGates();

    [GeneratedRegex(@"## Approvals and remediation\n.*?```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ApprovalsAndRemediation();

    [GeneratedRegex(@"## Quick start: the whole loop in a minute\n.*?```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex DemoQuickStart();

    [GeneratedRegex(@"## The same with your Argo CD\n.*?```yaml\n(.*?)```.*?```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex WithYourArgoCd();

    [GeneratedRegex(@"## Quick start with curl.*?```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex QuickStart();

    [GeneratedRegex(@"## Argo CD\n.*?```\n(.*?)```.*?```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ArgoCdSection();

    [GeneratedRegex(@"<<'JSON'\n(.*?)JSON\n", RegexOptions.Singleline)]
    private static partial Regex AppsFile();
}
