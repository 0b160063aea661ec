using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Bosun.TestKit;

/// <summary>A small Prometheus exporter on loopback: <c>/metrics</c> serves the samples the test set, in the text format.</summary>
public sealed class MetricsExporter : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, double> _samples = new(StringComparer.Ordinal);
    private readonly WebApplication _app;

    private MetricsExporter(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>host:port, as a Prometheus scrape target.</summary>
    public string Target => $"{Address.Host}:{Address.Port}";

    public static async Task<MetricsExporter> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        MetricsExporter? exporter = null;
        app.MapGet("/metrics", () => Results.Text(exporter!.Render(), "text/plain; version=0.0.4"));
        exporter = new MetricsExporter(app, await LoopbackHost.StartAsync(app));
        return exporter;
    }

    /// <summary>Sets a sample, e.g. <c>Set("http_response_time_p95{service=\"web\"}", 200)</c>.</summary>
    public void Set(string series, double value) => _samples[series] = value;

    private string Render()
    {
        var text = new StringBuilder();
        foreach (var (series, value) in _samples.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append(series).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
