using Bosun.TestKit;

namespace Bosun.Server.Tests.Evaluation;

/// <summary>One real Prometheus scraping one test exporter, shared by the Prometheus quality-gate tests.</summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    public MetricsExporter Exporter { get; private set; } = null!;
    public PrometheusServer Prometheus { get; private set; } = null!;

    public const string ResponseTime = "http_response_time_p95_ms{service=\"my-service\",stage=\"hardening\"}";
    public const string Throughput = "http_throughput{service=\"my-service\"}";
    public const string ErrorRate = "http_error_rate{service=\"my-service\"}";

    public async Task InitializeAsync()
    {
        Exporter = await MetricsExporter.StartAsync();
        Exporter.Set("multi{replica=\"a\"}", 1);
        Exporter.Set("multi{replica=\"b\"}", 2);
        await SetAsync(200, 150, 0.01, start: true);
    }

    /// <summary>Sets the service's samples and waits until Prometheus has scraped them.</summary>
    public async Task SetAsync(double responseTime, double throughput, double errorRate, bool start = false)
    {
        Exporter.Set(ResponseTime, responseTime);
        Exporter.Set(Throughput, throughput);
        Exporter.Set(ErrorRate, errorRate);
        if (start)
        {
            Prometheus = await PrometheusServer.StartAsync(Exporter.Target);
        }
        await Prometheus.WaitForValueAsync($"max({ResponseTime})", responseTime);
        await Prometheus.WaitForValueAsync($"sum({Throughput})", throughput);
        await Prometheus.WaitForValueAsync($"sum({ErrorRate})", errorRate);
    }

    public async Task DisposeAsync()
    {
        await Prometheus.DisposeAsync();
        await Exporter.DisposeAsync();
    }
}
