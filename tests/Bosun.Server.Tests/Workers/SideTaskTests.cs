using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Server.Workers;
using Microsoft.Extensions.DependencyInjection;

namespace Bosun.Server.Tests.Workers;

/// <summary>
/// Tasks a built-in integration starts outside any sequence (the lighthouse's <c>get-sli</c>): their answers from
/// outside executors are accepted and stored in the task's context; answers to unknown or engine-owned tasks are not.
/// </summary>
public sealed class SideTaskTests : IAsyncLifetime
{
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: {name: side}
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: quality
        """;

    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(configure: services => services.AddSingleton<IEventSubscriber, GetSliStarter>());
        await _server.CreateProjectAsync("side", Shipyard, "web");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Answer(string kind, string triggeredId) => new JsonObject
    {
        ["type"] = $"sh.keptn.event.get-sli.{kind}",
        ["source"] = "prometheus-service",
        ["triggeredid"] = triggeredId,
        ["data"] = new JsonObject { ["project"] = "side", ["stage"] = "dev", ["service"] = "web", ["status"] = "succeeded", ["result"] = "pass" },
    }.ToJsonString();

    [Fact]
    public async Task AnswersToAnIntegrationsTask_AreStoredInItsContext_OthersAreRefused()
    {
        var context = await _server.TriggerAsync("side", "dev", "delivery", "web");
        var getSli = await _server.WaitForAsync("sh.keptn.event.get-sli.triggered", context);
        var id = getSli["id"]!.GetValue<string>();

        foreach (var kind in new[] { "started", "finished" })
        {
            var accepted = await RunningServer.ReadAsync(await _server.PostEventAsync(Answer(kind, id)));
            Assert.Equal(context, accepted["keptnContext"]!.GetValue<string>());
            await _server.WaitForAsync($"sh.keptn.event.get-sli.{kind}", context);
        }
        Assert.Contains("does not match an open task", await RunningServer.ErrorAsync(await _server.PostEventAsync(Answer("finished", "no-such-task")), 400));

        // The engine's own task is not a side task: once closed, a late answer is still refused.
        var evaluation = Assert.Single(await _server.OpenAsync("quality", "side"))!;
        await _server.AnswerAsync(evaluation);
        var late = new JsonObject
        {
            ["type"] = "sh.keptn.event.quality.finished",
            ["source"] = "late",
            ["triggeredid"] = evaluation["id"]!.GetValue<string>(),
            ["data"] = new JsonObject { ["project"] = "side", ["stage"] = "dev", ["service"] = "web", ["status"] = "succeeded", ["result"] = "pass" },
        };
        Assert.Contains("does not match an open task", await RunningServer.ErrorAsync(await _server.PostEventAsync(late.ToJsonString()), 400));
    }

    /// <summary>Stands in for an integration like the lighthouse: on its task's .triggered it starts get-sli outside the sequence.</summary>
    private sealed class GetSliStarter(EventIngest ingest) : IEventSubscriber
    {
        public async Task HandleAsync(KeptnEvent evt, CancellationToken cancellationToken)
        {
            if (evt.Type == "sh.keptn.event.quality.triggered")
            {
                var data = new JsonObject { ["project"] = evt.Project, ["stage"] = evt.Stage, ["service"] = evt.Service, ["get-sli"] = new JsonObject { ["sliProvider"] = "prometheus" } };
                await ingest.SubmitAsync(new KeptnEvent("get-sli-" + evt.Id, "lighthouse-service", "sh.keptn.event.get-sli.triggered", evt.KeptnContext, null, evt.Time, data));
            }
        }
    }
}
