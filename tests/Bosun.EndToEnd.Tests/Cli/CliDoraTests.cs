using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Cli;

/// <summary><c>bosun get dora</c> run as the real binary: the figures as a table and as JSON, and its bad input.</summary>
public sealed class CliDoraTests(CliServer bosun) : IClassFixture<CliServer>
{
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: {name: dora}
        spec:
          stages:
            - name: prod
              sequences:
                - name: delivery
                  tasks:
                    - name: deliver
        """;

    /// <summary>A delivery committed an hour ago, its deliver task answered by the test as an executor.</summary>
    private async Task DeliverAsync(HttpClient http, string version, string result)
    {
        var commit = TimeProvider.System.GetUtcNow().AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var run = await bosun.RunAsync("trigger", "delivery", "--project", "dora", "--service", "web", "--stage", "prod", "--version", version, "--labels", $"commitTime={commit}");
        Assert.True(run.ExitCode == 0, run.ToString());
        var task = await Eventually.Found(async () => (await http.GetFromJsonAsync<JsonObject>("/api/controlPlane/v1/event/triggered/sh.keptn.event.deliver.triggered?project=dora"))!["events"]!.AsArray()
            .FirstOrDefault(e => e!["data"]!["labels"]!["version"]!.GetValue<string>() == version), TimeSpan.FromSeconds(10), $"{version} is delivered");
        foreach (var kind in new[] { "started", "finished" })
        {
            var answer = new JsonObject
            {
                ["type"] = $"sh.keptn.event.deliver.{kind}",
                ["source"] = "cli-test",
                ["triggeredid"] = task["id"]!.GetValue<string>(),
                ["data"] = new JsonObject { ["project"] = "dora", ["stage"] = "prod", ["service"] = "web", ["status"] = "succeeded", ["result"] = result },
            };
            (await http.PostAsJsonAsync("/api/v1/event", answer)).EnsureSuccessStatusCode();
        }
        await Eventually.Until(async () => (await http.GetFromJsonAsync<JsonObject>("/api/mongodb-datastore/event?project=dora&type=sh.keptn.event.prod.delivery.finished&pageSize=50"))!["events"]!.AsArray()
            .Any(e => e!["data"]!["labels"]!["version"]!.GetValue<string>() == version), TimeSpan.FromSeconds(10), $"{version}'s delivery ends");
    }

    [Fact]
    public async Task GetDora_PrintsTheFourFigures_AsATableAndAsJson()
    {
        Assert.Equal(0, (await bosun.RunAsync("create", "project", "dora", "--shipyard", bosun.File("dora.yaml", Shipyard))).ExitCode);
        Assert.Equal(0, (await bosun.RunAsync("create", "service", "web", "--project", "dora")).ExitCode);
        using var http = bosun.Http();
        await DeliverAsync(http, "1.0", "pass");
        await DeliverAsync(http, "1.1", "fail");
        await DeliverAsync(http, "1.2", "pass");

        var json = await bosun.RunAsync("get", "dora", "--project", "dora", "--since", "7d", "-o", "json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var dora = json.Json();
        Assert.Equal("prod", dora["stage"]!.GetValue<string>());
        Assert.Equal(2, dora["deploymentFrequency"]!["deployments"]!.GetValue<int>());
        var lead = dora["leadTimeForChanges"]!;
        Assert.Equal((2, "label"), (lead["samples"]!.GetValue<int>(), lead["source"]!.GetValue<string>()));
        Assert.InRange(lead["medianSeconds"]!.GetValue<double>(), 3600, 3900);
        Assert.Equal(0, dora["changeFailureRate"]!["failed"]!.GetValue<int>());

        var table = await bosun.RunAsync("get", "dora", "--project", "dora", "--service", "web");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches(@"Deployment frequency\s+2 \(0\.07 a day\)\s+prod/web", table.Out);
        Assert.Matches(@"Lead time for changes\s+1h 0m\s+median of 2, commit times from label", table.Out);
        Assert.Matches(@"Change failure rate\s+0%\s+0 of 2 deployments", table.Out);
        Assert.Matches(@"Failed deployment recovery time\s+-\s+median of 0", table.Out);
    }

    [Theory]
    [InlineData(new[] { "--since", "5x" }, 2, "--since '5x' must be a number and m, h, d or w")]
    [InlineData(new[] { "--stage", "qa" }, 2, "stage: 'qa' is not a stage of project")]
    public async Task GetDora_BadInput_ExitsNonZeroNamingIt(string[] extra, int exit, string message)
    {
        await bosun.RunAsync("create", "project", "dora-bad", "--shipyard", bosun.File("dora-bad.yaml", Shipyard.Replace("name: dora", "name: dora-bad", StringComparison.Ordinal)));
        var run = await bosun.RunAsync(["get", "dora", "--project", "dora-bad", .. extra], null);
        Assert.True(run.ExitCode == exit, run.ToString());
        Assert.Contains(message, run.Err, StringComparison.Ordinal);
    }
}
