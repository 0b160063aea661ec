using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Cli;

/// <summary>Bad input, a server that is down, a wrong token, things that do not exist: one line on stderr, the right exit code.</summary>
public sealed class CliErrorTests(CliServer bosun) : IClassFixture<CliServer>
{
    /// <summary>Every verb that talks to the server, with arguments that would otherwise be valid.</summary>
    public static TheoryData<string[]> ServerVerbs => new()
    {
        new[] { "create", "project", "p", "--shipyard", "SHIPYARD" },
        new[] { "update", "project", "p", "--shipyard", "SHIPYARD" },
        new[] { "delete", "project", "p" },
        new[] { "create", "service", "web", "--project", "p" },
        new[] { "add-resource", "--project", "p", "--resource", "SHIPYARD" },
        new[] { "trigger", "delivery", "--project", "p", "--service", "web", "--stage", "dev", "--version", "1" },
        new[] { "trigger", "evaluation", "--project", "p", "--stage", "dev", "--service", "web", "--timeframe", "5m" },
        new[] { "trigger", "sequence", "delivery", "--project", "p", "--stage", "dev", "--service", "web" },
        new[] { "approve", "--project", "p" },
        new[] { "decline", "0190a3c2-0000-7000-8000-000000000000" },
        new[] { "get", "project" },
        new[] { "get", "service", "--project", "p" },
        new[] { "get", "stage", "--project", "p" },
        new[] { "get", "sequence", "--project", "p" },
        new[] { "get", "event", "--project", "p" },
        new[] { "sequence", "abort", "--project", "p", "--context", "c" },
        new[] { "configure", "monitoring", "prometheus", "--project", "p" },
        new[] { "create", "secret", "s", "--from-literal", "a=b" },
        new[] { "evaluate", "--project", "p" },
        new[] { "auth" },
    };

    private string[] With(string[] verb) =>
        verb.Select(a => a == "SHIPYARD" ? bosun.File("valid.yaml", CliServer.Shipyard("p")) : a).ToArray();

    [Theory]
    [MemberData(nameof(ServerVerbs))]
    public async Task WrongToken_IsUnauthorized_OneLine(string[] verb)
    {
        var run = await bosun.RunAsync(With(verb), new Dictionary<string, string?> { ["BOSUN_TOKEN"] = "wrong" });
        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Matches(@"^bosun [a-z -]+: Bosun at http://127\.0\.0\.1:\d+/ refused the token \(unauthenticated or invalid credentials\); pass --token or run bosun auth\n$", run.Err);
    }

    [Theory]
    [MemberData(nameof(ServerVerbs))]
    public async Task ServerDown_IsAServerError_OneLine(string[] verb)
    {
        var down = $"http://127.0.0.1:{ChildServer.FreePort()}";
        var run = await bosun.RunAsync(With(verb), new Dictionary<string, string?> { ["BOSUN_SERVER"] = down });
        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Matches(@"^bosun [a-z -]+: cannot reach Bosun at http://127\.0\.0\.1:\d+/: Connection refused\n$", run.Err);
    }

    public static TheoryData<string[], string> NotFound => new()
    {
        { new[] { "get", "project", "absent" }, "bosun get project: project 'absent' does not exist" },
        { new[] { "delete", "project", "absent" }, "bosun delete project: project 'absent' does not exist" },
        { new[] { "create", "service", "web", "--project", "absent" }, "bosun create service: project 'absent' does not exist" },
        { new[] { "get", "stage", "--project", "absent" }, "bosun get stage: project 'absent' does not exist" },
        { new[] { "get", "sequence", "--project", "absent" }, "bosun get sequence: project 'absent' does not exist" },
        { new[] { "decline", "0190a3c2-0000-7000-8000-000000000000" }, "bosun decline: no approval task has triggeredid 0190a3c2-0000-7000-8000-000000000000" },
        { new[] { "trigger", "delivery", "--project", "absent", "--service", "web", "--stage", "dev", "--version", "1" }, "bosun trigger delivery: project 'absent' does not exist" },
        { new[] { "trigger", "sequence", "delivery", "--project", "absent", "--stage", "dev", "--service", "web" }, "bosun trigger sequence: project 'absent' does not exist" },
        { new[] { "trigger", "evaluation", "--project", "absent", "--stage", "dev", "--service", "web", "--timeframe", "5m" }, "bosun trigger evaluation: project not found: absent" },
        { new[] { "update", "project", "absent", "--shipyard", "SHIPYARD" }, "bosun update project: project 'absent' does not exist" },
        { new[] { "add-resource", "--project", "absent", "--resource", "SHIPYARD" }, "bosun add-resource: project 'absent' does not exist" },
        { new[] { "get", "service", "web", "--project", "absent" }, "bosun get service: project 'absent' does not exist" },
        { new[] { "sequence", "pause", "--project", "absent", "--context", "c" }, "bosun sequence pause: project 'absent' does not exist" },
        { new[] { "configure", "monitoring", "prometheus", "--project", "absent" }, "bosun configure monitoring: project 'absent' does not exist" },
        { new[] { "evaluate", "--project", "absent" }, "bosun evaluate: no finished evaluation found in project absent" },
        { new[] { "argocd", "config", "--project", "absent" }, "bosun argocd config: project 'absent' does not exist" },
        { new[] { "get", "sequence", "--project", "absent", "--context", "00000000-0000-0000-0000-000000000000", "--watch" }, "bosun get sequence: project 'absent' does not exist" },
    };

    [Theory]
    [MemberData(nameof(NotFound))]
    public async Task Missing_IsNotFound_OneLine(string[] verb, string message)
    {
        var run = await bosun.RunAsync(With(verb));
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal(message + "\n", run.Err);
    }

    public static TheoryData<string[], string> Usage => new()
    {
        { new[] { "get", "project", "--bogus" }, "bosun get project: Unrecognized command or argument '--bogus' (see bosun get project --help)" },
        { new[] { "create", "project", "p" }, "bosun create project: Option '--shipyard' is required (see bosun create project --help)" },
        { new[] { "create", "project", "p", "--shipyard", "no-such.yaml" }, "bosun create project: cannot read shipyard file 'no-such.yaml': no such file" },
        { new[] { "get", "project", "-o", "xml" }, "bosun get project: --output must be table, json or yaml, not 'xml'" },
        { new[] { "trigger", "delivery", "--project", "p", "--service", "web" }, "bosun trigger delivery: give --version or --image" },
        { new[] { "trigger", "evaluation", "--project", "p", "--stage", "dev", "--service", "web" }, "bosun trigger evaluation: give --timeframe, or --start (with --end or --timeframe)" },
        { new[] { "trigger", "sequence", "delivery", "--project", "p", "--stage", "dev", "--service", "web", "--data", "{x" }, "bosun trigger sequence: --data is not valid JSON: " },
        { new[] { "get", "sequence", "--project", "p", "--watch" }, "bosun get sequence: --watch follows one sequence: give --context" },
        { new[] { "frobnicate" }, "bosun: Unrecognized command or argument 'frobnicate' (see bosun --help)" },
        { new[] { "completion", "fish" }, "bosun completion: the shell must be bash or zsh, not 'fish'" },
    };

    [Theory]
    [MemberData(nameof(Usage))]
    public async Task BadInput_IsAUsageError_NamingTheProblem(string[] verb, string message)
    {
        var run = await bosun.RunAsync(verb);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith(message, run.Err);
        Assert.DoesNotContain("   at ", run.Err);
        Assert.Equal(1, run.Err.Count(c => c == '\n'));
    }

    [Fact]
    public async Task UnparsableShipyard_IsAUsageError_NamingTheFile()
    {
        var broken = bosun.File("broken.yaml", "apiVersion: spec.keptn.sh/0.2.4\nkind: Shipyard\nspec: {stages: [{name: [oops]}]}\n");
        var run = await bosun.RunAsync("create", "project", "broken", "--shipyard", broken);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith($"bosun create project: {broken}: ", run.Err);
        Assert.Equal(3, (await bosun.RunAsync("get", "project", "broken")).ExitCode);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("demo")]
    [InlineData("auth")]
    [InlineData("create project")]
    [InlineData("create service")]
    [InlineData("create secret")]
    [InlineData("update project")]
    [InlineData("delete project")]
    [InlineData("add-resource")]
    [InlineData("trigger evaluation")]
    [InlineData("trigger sequence")]
    [InlineData("approve")]
    [InlineData("decline")]
    [InlineData("get project")]
    [InlineData("get service")]
    [InlineData("get stage")]
    [InlineData("get sequence")]
    [InlineData("get event")]
    [InlineData("sequence pause")]
    [InlineData("configure monitoring")]
    [InlineData("evaluate")]
    [InlineData("argocd config")]
    [InlineData("argocd simulate")]
    [InlineData("completion")]
    [InlineData("version")]
    public async Task EveryVerbsHelp_HasAnExample(string verb)
    {
        var help = await bosun.RunAsync([.. verb.Split(' '), "--help"], null);
        Assert.Equal(0, help.ExitCode);
        Assert.Matches(@"Examples?:\n\s+(\S+=\S+ |source <\()?bosun ", help.Out);
    }

    [Fact]
    public async Task Help_HasExamples_AndVersionAndCompletionWork()
    {
        var help = await bosun.RunAsync("trigger", "delivery", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Examples:", help.Out);
        Assert.Contains("bosun trigger delivery --project podtato", help.Out);
        var root = await bosun.RunAsync("--help");
        Assert.Contains("Exit codes: 0 ok, 1 failure, 2 usage", root.Out);
        Assert.Matches(@"^bosun \S+ \(Keptn API 1\.4\.5 compatible\)\n$", (await bosun.RunAsync("version")).Out);
        var bash = await bosun.RunAsync("completion", "bash");
        Assert.Contains("complete -o default -F _bosun_complete bosun", bash.Out);
        var suggestions = await bosun.RunAsync("[suggest:10]", "bosun get ");
        Assert.Equal(["dora", "event", "project", "sequence", "service", "stage"], suggestions.Out.Split('\n').Where(l => l.Length > 0 && char.IsLetter(l[0])));
    }
}
