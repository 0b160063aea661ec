using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Bosun.Cli.Commands.Demo;

/// <summary>
/// The parts of a real set-up the demo plays itself, each through Bosun's public API as an outside system would: a
/// test runner the webhook calls, an SLI provider answering <c>get-sli</c>, and a person approving prod.
/// </summary>
internal sealed class DemoActors(BosunClient client, Printer printer, string server, string tokenFile)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private readonly HashSet<string> _answered = new(StringComparer.Ordinal);

    /// <summary>A test runner on a loopback port: every run passes (12 tests) and says which version it tested.</summary>
    public static WebApplication TestRunner()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        EmbeddedLifetime.Use(builder.Services);
        var app = builder.Build();
        app.MapPost("/tests/{stage}/{service}", (string stage, string service, string? version) =>
            Results.Json(new { passed = 12, failed = 0, stage, service, version }));
        return app;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await AnswerSlisAsync(cancellationToken);
            await ApproveAsync(cancellationToken);
            await Task.Delay(Poll, cancellationToken);
        }
    }

    /// <summary>As an outside SLI provider polls its open tasks: fixed, healthy measurements.</summary>
    private async Task AnswerSlisAsync(CancellationToken cancellationToken)
    {
        var open = await client.GetAsync($"/api/controlPlane/v1/event/triggered/sh.keptn.event.get-sli.triggered?project={DemoFiles.Project}", cancellationToken);
        foreach (var evt in (open["events"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var id = evt["id"].Str()!;
            if (evt["data"]?["get-sli"]?["sliProvider"].Str() != DemoFiles.SliProvider || !_answered.Add(id))
            {
                continue;
            }
            var data = (JsonObject)evt["data"]!;
            var request = data["get-sli"]!;
            await client.SendEventAsync("sh.keptn.event.get-sli.finished", new JsonObject
            {
                ["project"] = data["project"]!.DeepClone(),
                ["stage"] = data["stage"]!.DeepClone(),
                ["service"] = data["service"]!.DeepClone(),
                ["status"] = "succeeded",
                ["result"] = "pass",
                ["get-sli"] = new JsonObject
                {
                    ["start"] = request["start"]?.DeepClone(),
                    ["end"] = request["end"]?.DeepClone(),
                    ["indicatorValues"] = new JsonArray(
                        new JsonObject { ["metric"] = "response_time_p95", ["value"] = 182.5, ["success"] = true },
                        new JsonObject { ["metric"] = "error_rate", ["value"] = 0.4, ["success"] = true }),
                },
            }, cancellationToken, source: DemoFiles.SliProvider, triggeredId: id, keptnContext: evt["shkeptncontext"].Str());
        }
    }

    /// <summary>A person approving prod: shows the command they would type, then does what it does.</summary>
    private async Task ApproveAsync(CancellationToken cancellationToken)
    {
        var open = await client.GetAsync($"/api/bosun/v1/approvals?project={DemoFiles.Project}", cancellationToken);
        foreach (var approval in (open["approvals"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var id = approval["triggeredId"].Str()!;
            if (!_answered.Add(id))
            {
                continue;
            }
            printer.Console.MarkupLine($"[yellow]          {Markup.Escape(approval["stage"].Str() ?? "?")} waits for approval; approving as you would:[/]");
            printer.Raw($"    $ bosun approve {id} --comment \"demo\" --server {server} --token \"$(cat {tokenFile})\"");
            await client.PostAsync($"/api/bosun/v1/approvals/{id}", new JsonObject { ["decision"] = "approve", ["by"] = "bosun demo", ["comment"] = "demo" }, cancellationToken);
        }
    }
}
