using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bosun.TestKit;

/// <summary>One request a <see cref="RecordingReceiver"/> got.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// An HTTP receiver on a free loopback port that records every request. Paths: <c>/fail</c> answers 500 "boom",
/// <c>/echo</c> answers 200 with the request's headers and body as JSON (as httpbin does), anything else 200
/// <c>{"ok":true,"path":…}</c>.
/// </summary>
public sealed class RecordingReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingReceiver(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }
    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public static async Task<RecordingReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // A log line per request would drown a driver's own output (the benchmark's random crashes send thousands).
        builder.Logging.ClearProviders();
        var app = builder.Build();
        RecordingReceiver? self = null;
        app.Map("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            self!.Requests.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path.Value ?? "/", headers, body));
            if (context.Request.Path.Value == "/fail")
            {
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("boom");
                return;
            }
            if (context.Request.Path.Value == "/slow" && int.TryParse(context.Request.Query["ms"], System.Globalization.CultureInfo.InvariantCulture, out var ms))
            {
                // A system that takes its time to answer; the caller's process may die while it waits.
                await Task.Delay(ms, context.RequestAborted);
            }
            context.Response.ContentType = "application/json";
            if (context.Request.Path.Value == "/echo")
            {
                await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new { headers, body }));
                return;
            }
            await context.Response.WriteAsync($$"""{"ok":true,"path":"{{context.Request.Path.Value}}"}""");
        });
        self = new RecordingReceiver(app, await LoopbackHost.StartAsync(app));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
