using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests;

/// <summary><c>bosun argocd simulate</c> started on its own, as a person would use it.</summary>
public sealed partial class ArgoCdSimulateCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("bosun-sim");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Simulate_ServesTheAppsOfAFile_AndTakesPushes()
    {
        var apps = _dir.Combine("apps.json");
        await File.WriteAllTextAsync(apps, """[{"name":"podtato","project":"demo","revision":"v1","labels":{"keptnProject":"demo","keptnService":"web","stage":"dev"},"syncSeconds":0.1}]""");
        await using var sim = await BosunProcess.StartAsync(["argocd", "simulate", "--listen", "127.0.0.1:0", "--apps", apps, "--token", "tok"], waitForListening: false);
        var address = await sim.SimulatorAddressAsync();
        using var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", "tok");
        var list = await client.GetFromJsonAsync<JsonObject>("/api/v1/applications?projects=demo");
        Assert.Equal("podtato", list!["items"]![0]!["metadata"]!["name"]!.GetValue<string>());
        (await client.PostAsJsonAsync("/sim/apps/podtato/push", new { revision = "v2" })).EnsureSuccessStatusCode();
        var app = await client.GetFromJsonAsync<JsonObject>("/api/v1/applications/podtato?project=demo");
        Assert.Equal("OutOfSync", app!["status"]!["sync"]!["status"]!.GetValue<string>());
        using var anonymous = new HttpClient { BaseAddress = address };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/applications")).StatusCode);
    }

    [Fact]
    public async Task Simulate_BadAppsFile_ExitsWithOneLineNamingTheField()
    {
        var apps = _dir.Combine("bad.json");
        await File.WriteAllTextAsync(apps, """[{"name":"podtato"}]""");
        await using var sim = await BosunProcess.StartAsync(["argocd", "simulate", "--listen", "127.0.0.1:0", "--apps", apps], waitForListening: false);
        Assert.Equal(2, await sim.WaitForExitAsync());
        Assert.Contains("apps[0].revision is required", sim.Output);
        Assert.DoesNotContain("   at ", sim.Output);
    }
}
