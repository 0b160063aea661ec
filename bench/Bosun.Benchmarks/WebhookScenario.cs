using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bosun.Benchmarks;

/// <summary>
/// (g) Issue 4: webhook tasks against a local receiver. Every sequence has one <c>test</c> task answered by a
/// v1beta1 webhook with <c>sendFinished: true</c>; the server runs with <c>--webhook-allow 127.0.0.1</c>. Prints
/// webhook tasks completed per second, and per request the time Bosun adds: from the task's <c>.triggered</c>
/// until the request arrives, plus from the receiver's answer until Bosun creates the <c>.finished</c>.
/// </summary>
internal static class WebhookScenario
{
    private const string Shipyard = "apiVersion: spec.keptn.sh/0.2.4\nkind: Shipyard\nmetadata: { name: hooks }\nspec:\n  stages:\n    - name: dev\n      sequences:\n        - name: delivery\n          tasks:\n            - name: test\n";
    private const int Services = 50;

    public sealed record Result(int Tasks, double PerSecond, double DispatchP99, double AnswerP99, double AddedP50, double AddedP99);

    public static async Task<Result> RunAsync(BenchSettings settings)
    {
        var arrived = new ConcurrentDictionary<string, DateTimeOffset>();
        var answered = new ConcurrentDictionary<string, DateTimeOffset>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpContext context) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body);
            var id = body!["id"]!.GetValue<string>();
            arrived[id] = TimeProvider.System.GetUtcNow();
            answered[id] = TimeProvider.System.GetUtcNow();
            return Results.Json(new { ok = true });
        });
        await receiver.StartAsync();
        try
        {
            var hook = new Uri(receiver.Urls.First() + "/hook");
            await using var server = await ServerProcess.StartAsync("--webhook-allow", "127.0.0.1");
            using var client = server.Client();
            (await client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = "hooks", shipyard = B64(Shipyard) })).EnsureSuccessStatusCode();
            for (var i = 0; i < Services; i++)
            {
                (await client.PostAsJsonAsync("/api/controlPlane/v1/project/hooks/service", new { serviceName = $"svc-{i}" })).EnsureSuccessStatusCode();
            }
            var webhook = $"apiVersion: webhookconfig.keptn.sh/v1beta1\nkind: WebhookConfig\nmetadata: {{name: bench}}\nspec:\n  webhooks:\n    - type: sh.keptn.event.test.triggered\n      sendFinished: true\n      requests:\n        - url: {hook}\n          method: POST\n          headers:\n            - key: Content-Type\n              value: application/json\n          payload: '{{\"id\": \"{{{{.id}}}}\"}}'\n";
            (await client.PostAsJsonAsync("/api/resource-service/v1/project/hooks/resource", new { resources = new[] { new { resourceURI = "webhook/webhook.yaml", resourceContent = B64(webhook) } } })).EnsureSuccessStatusCode();

            await RoundAsync(client, Math.Min(200, settings.WebhookTasks), "warm");
            var from = TimeProvider.System.GetUtcNow();
            var watch = Stopwatch.StartNew();
            await RoundAsync(client, settings.WebhookTasks, "run");
            var perSecond = settings.WebhookTasks / watch.Elapsed.TotalSeconds;

            var triggered = await StoredEvents.ReadAsync(client, "sh.keptn.event.test.triggered", from);
            var finished = await StoredEvents.ReadAsync(client, "sh.keptn.event.test.finished", from);
            var finishedByTask = finished.ToDictionary(e => e["triggeredid"]!.GetValue<string>(), StoredEvents.Time);
            var dispatch = new List<double>();
            var answer = new List<double>();
            var added = new List<double>();
            foreach (var evt in triggered)
            {
                var id = evt["id"]!.GetValue<string>();
                var d = (arrived[id] - StoredEvents.Time(evt)).TotalMilliseconds;
                var a = (finishedByTask[id] - answered[id]).TotalMilliseconds;
                dispatch.Add(d);
                answer.Add(a);
                added.Add(d + a);
            }
            dispatch.Sort();
            answer.Sort();
            added.Sort();
            return new Result(settings.WebhookTasks, perSecond, Samples.Percentile(dispatch, 0.99), Samples.Percentile(answer, 0.99), Samples.Percentile(added, 0.50), Samples.Percentile(added, 0.99));
        }
        finally
        {
            await receiver.StopAsync();
            await receiver.DisposeAsync();
        }
    }

    /// <summary>Triggers <paramref name="count"/> sequences (16 clients at once) and waits until every test task finished.</summary>
    private static async Task RoundAsync(HttpClient client, int count, string tag)
    {
        var from = TimeProvider.System.GetUtcNow();
        var next = -1;
        var workers = Enumerable.Range(0, 16).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var body = "{\"type\":\"sh.keptn.event.dev.delivery.triggered\",\"source\":\"bench\",\"data\":{\"project\":\"hooks\",\"stage\":\"dev\",\"service\":\"svc-"
                    + (i % Services) + "\",\"labels\":{\"version\":\"" + tag + "-" + i + "\"}}}";
                using var response = await client.PostAsync("/api/v1/event", new StringContent(body, Encoding.UTF8, "application/json"));
                response.EnsureSuccessStatusCode();
            }
        });
        await Task.WhenAll(workers);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (await StoredEvents.CountAsync(client, "sh.keptn.event.test.finished", from, deadline.Token) < count)
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

}
