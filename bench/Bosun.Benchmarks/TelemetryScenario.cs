using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Bosun.Benchmarks;

/// <summary>
/// (n) What OpenTelemetry's export costs (DESIGN §7): the sequence throughput of (c) on a server exporting traces and
/// metrics over OTLP/HTTP protobuf to a local sink that only counts what it gets, against one that exports nothing
/// (its <c>/metrics</c> instruments count in both). Off and on alternate, each on a fresh server, best of each kept.
/// </summary>
internal static class TelemetryScenario
{
    internal sealed record Result(double Off, double On, long ExportedBytes, int Exports, int Rounds)
    {
        public double Cost => 1 - On / Off;
    }

    public static async Task<Result> RunAsync(BenchSettings settings, bool smoke)
    {
        await using var sink = await Sink.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = sink.Address.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // Exports every second (the SDK's default is five), so even a short run pays for them.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
        };
        var rounds = smoke ? 1 : 3;
        double off = 0, on = 0;
        for (var round = 0; round < rounds; round++)
        {
            await using (var plain = await ServerProcess.StartAsync())
            {
                off = Math.Max(off, await SequenceThroughputScenario.RunAsync(plain, settings, settings.Executors));
            }
            await using (var traced = await ServerProcess.StartAsync(environment))
            {
                on = Math.Max(on, await SequenceThroughputScenario.RunAsync(traced, settings, settings.Executors));
            }
        }
        return new Result(off, on, sink.Bytes, sink.Exports, rounds);
    }

    /// <summary>An OTLP/HTTP endpoint that reads each export and answers 200, as a collector would before its pipeline.</summary>
    private sealed class Sink : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private long _bytes;
        private int _exports;

        private Sink(WebApplication app) => _app = app;

        public Uri Address { get; private set; } = null!;
        public long Bytes => Interlocked.Read(ref _bytes);
        public int Exports => Volatile.Read(ref _exports);

        public static async Task<Sink> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1));
            var app = builder.Build();
            var sink = new Sink(app);
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                var buffer = new byte[16 * 1024];
                long read = 0;
                int n;
                while ((n = await context.Request.Body.ReadAsync(buffer)) > 0)
                {
                    read += n;
                }
                Interlocked.Add(ref sink._bytes, read);
                Interlocked.Increment(ref sink._exports);
                return Results.Bytes([], "application/x-protobuf");
            });
            sink.Address = await Bosun.TestKit.LoopbackHost.StartAsync(app);
            return sink;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
