using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests;

/// <summary>
/// DESIGN §7 with the real binary: a server exporting over OTLP is SIGKILLed while a task of a sequence is open, and
/// the next one, on the same data, finishes the sequence in the same trace, under the spans the first one named: the
/// task's span has the id its .triggered event carried before the crash, and the stage's span is its parent.
/// </summary>
public sealed class TraceCrashTests : IAsyncLifetime
{
    private const string Token = "trace-token";
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: {name: crash}
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: build
                    - name: test
        """;

    private readonly TempDirectory _data = new("bosun-trace-crash");
    private OtlpReceiver _otlp = null!;

    public async Task InitializeAsync() => _otlp = await OtlpReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _otlp.DisposeAsync();
        _data.Dispose();
    }

    private Task<BosunProcess> ServeAsync() =>
        BosunProcess.StartAsync(["serve", "--listen", "127.0.0.1:0", "--data", _data.Path, "--api-token", Token], _otlp.Environment());

    private static Task<JsonObject> OpenAsync(HttpClient client, string task, string context) =>
        Eventually.Found(async () =>
            {
                var open = await client.GetFromJsonAsync<JsonObject>($"/api/controlPlane/v1/event/triggered/sh.keptn.event.{task}.triggered?project=crash");
                return open!["events"]!.AsArray().OfType<JsonObject>().FirstOrDefault(e => e["shkeptncontext"]!.GetValue<string>() == context);
            }, TimeSpan.FromSeconds(20), $"{task}.triggered");

    private static async Task AnswerAsync(HttpClient client, JsonObject triggered)
    {
        var type = triggered["type"]!.GetValue<string>().Replace(".triggered", string.Empty, StringComparison.Ordinal);
        foreach (var kind in new[] { "started", "finished" })
        {
            var data = new JsonObject { ["project"] = "crash", ["stage"] = "dev", ["service"] = "web", ["result"] = "pass", ["status"] = "succeeded" };
            (await client.PostAsJsonAsync("/api/v1/event", new JsonObject
            {
                ["type"] = $"{type}.{kind}",
                ["source"] = "ci-runner",
                ["specversion"] = "1.0",
                ["triggeredid"] = triggered["id"]!.GetValue<string>(),
                ["data"] = data,
            })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task KilledWithATaskOpen_TheNextProcessFinishesTheSameTrace()
    {
        string context;
        JsonObject test;
        await using (var first = await ServeAsync())
        {
            using var client = first.Client(Token);
            (await client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = "crash", shipyard = Convert.ToBase64String(Encoding.UTF8.GetBytes(Shipyard)) })).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync("/api/controlPlane/v1/project/crash/service", new { serviceName = "web" })).EnsureSuccessStatusCode();
            var sent = await client.PostAsJsonAsync("/api/v1/event", new JsonObject
            {
                ["type"] = "sh.keptn.event.dev.delivery.triggered",
                ["source"] = "ci",
                ["specversion"] = "1.0",
                ["data"] = new JsonObject { ["project"] = "crash", ["stage"] = "dev", ["service"] = "web" },
            });
            context = (await sent.Content.ReadFromJsonAsync<JsonObject>())!["keptnContext"]!.GetValue<string>();
            await AnswerAsync(client, await OpenAsync(client, "build", context));
            test = await OpenAsync(client, "test", context);
            // The build's span went out before the crash (the exporter sends every 200 ms here).
            var traceId = context.Replace("-", string.Empty, StringComparison.Ordinal);
            await Eventually.Until(() => _otlp.Trace(traceId).Any(s => s.Name == "build"), TimeSpan.FromSeconds(20), "the build span");
            await first.KillAsync();
        }

        await using (var second = await ServeAsync())
        {
            using var client = second.Client(Token);
            await AnswerAsync(client, test);
            await Eventually.Until(async () => (await client.GetStringAsync($"/api/mongodb-datastore/event?keptnContext={context}&type=sh.keptn.event.dev.delivery.finished")).Contains("\"result\":\"pass\"", StringComparison.Ordinal),
                TimeSpan.FromSeconds(20), "the delivery to finish");
            // A clean stop flushes the exporter's buffer.
            Assert.Equal(0, await second.TerminateAsync());
        }

        var trace = context.Replace("-", string.Empty, StringComparison.Ordinal);
        var spans = await Eventually.Until(() => Task.FromResult(_otlp.Trace(trace)), s => s.Any(x => x.Name == "dev.delivery"), TimeSpan.FromSeconds(20), "the stage span");
        var stage = Assert.Single(spans, s => s.Name == "dev.delivery");
        var build = Assert.Single(spans, s => s.Name == "build");
        var testSpan = Assert.Single(spans, s => s.Name == "test");
        Assert.Equal(test["traceparent"]!.GetValue<string>(), $"00-{trace}-{testSpan.SpanId}-01");
        Assert.Equal((stage.SpanId, stage.SpanId), (build.ParentSpanId, testSpan.ParentSpanId));
        Assert.Null(stage.ParentSpanId);
        Assert.Equal(("ci-runner", "pass"), (testSpan.Attributes["keptn.executor"], stage.Attributes["keptn.result"]));
        Assert.True(stage.Start <= build.Start && testSpan.End <= stage.End);
    }
}
