using System.Text.Json.Nodes;
using static Bosun.Server.Tests.Evaluation.QualityGate;

namespace Bosun.Server.Tests.Evaluation;

/// <summary>A provider that never answers, and an evaluation that survives a restart while its provider works.</summary>
public sealed class LighthouseTimeoutTests
{
    [Fact]
    public async Task SilentProvider_EndsTheEvaluationAfterTheTaskWait_AndClosesItsRequest()
    {
        await using var server = await RunningServer.StartAsync(options: o => o with { SliProviderWait = TimeSpan.FromSeconds(1) });
        await CreateAsync(server, provider: "nobody");
        await PutResourceAsync(server, "slo.yaml", Slo);
        var context = await EvaluateAsync(server);
        await OpenGetSliAsync(server, context);

        var finished = await FinishedAsync(server, context);
        Assert.Equal("errored", finished["data"]!["status"]!.GetValue<string>());
        Assert.Equal("no SLI provider answered get-sli.triggered for provider 'nobody' within 1s", finished["data"]!["message"]!.GetValue<string>());
        Assert.Empty(await server.OpenAsync("get-sli", Project));
        var sequence = await server.WaitForAsync($"sh.keptn.event.{Stage}.evaluation.finished", context);
        Assert.Equal("fail", sequence["data"]!["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task Restart_WhileTheProviderWorks_FinishesTheEvaluationOnce()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bosun-test-" + Guid.NewGuid().ToString("N"));
        string context;
        JsonObject getSli;
        await using (var before = await RunningServer.StartAsync(dir))
        {
            await CreateAsync(before, provider: "my-sli-provider");
            await PutResourceAsync(before, "slo.yaml", Slo);
            context = await EvaluateAsync(before);
            getSli = await OpenGetSliAsync(before, context);
        }
        await using var after = await RunningServer.StartAsync(dir);
        Assert.Equal(getSli["id"]!.GetValue<string>(), (await OpenGetSliAsync(after, context))["id"]!.GetValue<string>());
        await ProvideAsync(after, getSli, ("response_time_p95", 200), ("throughput", 200));
        var finished = await FinishedAsync(after, context);
        Assert.Equal("pass", finished["data"]!["result"]!.GetValue<string>());
        await after.WaitForAsync($"sh.keptn.event.{Stage}.evaluation.finished", context);
        Assert.Single(await after.EventsAsync("sh.keptn.event.evaluation.started", context));
        Assert.Single(await after.EventsAsync("sh.keptn.event.get-sli.triggered", context));
        Assert.Single(await after.EventsAsync("sh.keptn.event.evaluation.finished", context));
    }
}
