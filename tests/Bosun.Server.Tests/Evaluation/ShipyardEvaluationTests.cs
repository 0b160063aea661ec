using System.Text.Json.Nodes;

namespace Bosun.Server.Tests.Evaluation;

/// <summary>An <c>evaluation</c> task inside a shipyard sequence: its window from the task's properties or the test before it.</summary>
public sealed class ShipyardEvaluationTests : IAsyncLifetime
{
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: {name: gated}
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: test
                    - name: evaluation
                - name: hourly
                  tasks:
                    - name: evaluation
                      properties:
                        timeframe: 1h
        """;

    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        await _server.CreateProjectAsync("gated", Shipyard, "web");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TheTestTasksWindow_IsTheEvaluationsWindow_AsReportedByTheTest()
    {
        var context = await _server.TriggerAsync("gated", "dev", "delivery", "web", "1.0.0");
        var test = Assert.Single(await _server.OpenAsync("test", "gated"))!;
        await _server.AnswerAsync(test, finishedData: new JsonObject
        {
            ["test"] = new JsonObject { ["start"] = "2022-01-26T10:05:53.931Z", ["end"] = "2022-01-26T10:10:53Z" },
        });
        var finished = await _server.WaitForAsync("sh.keptn.event.evaluation.finished", context);
        Assert.Equal("2022-01-26T10:05:53.931Z", finished["data"]!["evaluation"]!["timeStart"]!.GetValue<string>());
        Assert.Equal("2022-01-26T10:10:53Z", finished["data"]!["evaluation"]!["timeEnd"]!.GetValue<string>());
        var sequence = await _server.WaitForAsync("sh.keptn.event.dev.delivery.finished", context);
        Assert.Equal("pass", sequence["data"]!["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task TaskProperties_GiveTheTimeframe()
    {
        var context = await _server.TriggerAsync("gated", "dev", "hourly", "web");
        var finished = await _server.WaitForAsync("sh.keptn.event.evaluation.finished", context);
        var evaluation = finished["data"]!["evaluation"]!;
        var span = DateTimeOffset.Parse(evaluation["timeEnd"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            - DateTimeOffset.Parse(evaluation["timeStart"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromHours(1), span);
    }
}
