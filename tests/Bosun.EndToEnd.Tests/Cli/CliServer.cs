using System.Diagnostics;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Cli;

/// <summary>What one run of the <c>bosun</c> binary did.</summary>
public sealed record CliResult(int ExitCode, string Out, string Err)
{
    public JsonNode Json() => JsonNode.Parse(Out) ?? throw new InvalidOperationException("empty output");

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Err}";
}

/// <summary>
/// A real <c>bosun serve</c> shared by a test class, and runs of the real CLI binary against it. Every run gets its own
/// config file path (so no test reads what <c>bosun auth</c> stored for another), and no colours (output redirected).
/// </summary>
public sealed class CliServer : IAsyncLifetime
{
    public const string Token = "cli-test-token";
    private readonly TempDirectory _work = new("bosun-cli");
    private BosunProcess _server = null!;

    public string Url => _server.Address.ToString().TrimEnd('/');
    public string WorkDirectory => _work.Path;

    public async Task InitializeAsync() => _server = await BosunProcess.ServeAsync(_work.Combine("data"), Token);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _work.Dispose();
    }

    public HttpClient Http() => _server.Client(Token);

    public string File(string name, string content)
    {
        var path = _work.Combine(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs <c>bosun</c> against this server (BOSUN_SERVER and BOSUN_TOKEN set, unless an environment says otherwise).</summary>
    public Task<CliResult> RunAsync(params string[] arguments) => RunAsync(arguments, null);

    public async Task<CliResult> RunAsync(IEnumerable<string> arguments, IDictionary<string, string?>? environment, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(RepositoryPaths.BosunBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _work.Path,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["BOSUN_SERVER"] = Url;
        info.Environment["BOSUN_TOKEN"] = Token;
        info.Environment["BOSUN_CONFIG"] = _work.Combine($"config-{Guid.NewGuid():N}.json");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bosun {string.Join(' ', arguments)} did not exit:\n{await stdout}\n{await stderr}");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static string Shipyard(string name) => $$"""
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: {name: {{name}}}
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: evaluation
                      properties: {timeframe: 5m}
                - name: gated
                  tasks:
                    - name: approval
                - name: remediation
                  tasks:
                    - name: get-action
                    - name: action
            - name: prod
              sequences:
                - name: delivery
                  triggeredOn: [{event: dev.delivery.finished}]
                  tasks:
                    - name: evaluation
                      properties: {timeframe: 5m}
        """;
}
