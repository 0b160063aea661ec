using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Bosun.Server.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry for the host (DESIGN §7): Bosun's meter with the ASP.NET Core, HttpClient and runtime instruments,
/// scraped on <c>/metrics</c>; and, once the standard <c>OTEL_EXPORTER_OTLP_*</c> variables name an endpoint, traces
/// and metrics exported over OTLP (grpc or http/protobuf, as <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> says). Without one,
/// nothing listens to Bosun's spans, so they cost nothing. The service is <c>OTEL_SERVICE_NAME</c>, else <c>bosun</c>.
/// </summary>
internal static class TelemetryRegistration
{
    private static readonly string[] EndpointVariables =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"];

    private static readonly string[] Protocols = ["grpc", "http/protobuf"];

    /// <summary>
    /// The OTLP variables a start would use, checked before anything is written: an endpoint that is not an http(s)
    /// URL or a protocol the exporter does not speak stops the start in one line naming the variable.
    /// </summary>
    /// <exception cref="ArgumentException">One of them is malformed.</exception>
    public static void Check(BosunOptions options)
    {
        string? Setting(string name) => options.Telemetry?.GetValueOrDefault(name) ?? Environment.GetEnvironmentVariable(name);
        foreach (var name in EndpointVariables)
        {
            if (Setting(name) is { Length: > 0 } value
                && (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                throw new ArgumentException($"{name} '{value}' is not an http(s) URL such as http://collector:4318");
            }
        }
        foreach (var name in new[] { "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL" })
        {
            if (Setting(name) is { Length: > 0 } value && !Protocols.Contains(value, StringComparer.Ordinal))
            {
                throw new ArgumentException($"{name} '{value}' is not one of {string.Join(", ", Protocols)}");
            }
        }
    }

    public static void AddTelemetry(this WebApplicationBuilder builder, BosunOptions options)
    {
        if (options.Telemetry is { Count: > 0 } settings)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        var configuration = builder.Configuration;
        var exports = EndpointVariables.Any(name => !string.IsNullOrWhiteSpace(configuration[name]));
        var service = configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "bosun";
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(service, serviceVersion: BosunVersion.Current))
            .WithMetrics(metrics => metrics
                .AddMeter(BosunTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                // A scrape sees what happened up to it (the default caches the answer for 300 ms).
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0)
                .ConfigureHostMeters());
        if (!exports)
        {
            return;
        }
        telemetry.WithTracing(tracing => tracing
            .AddSource(BosunTelemetry.Name)
            // Probes and scrapes are not worth a trace each.
            .AddAspNetCoreInstrumentation(o => o.Filter = context => !ProbePaths.Matches(context.Request.Path))
            .AddHttpClientInstrumentation());
        telemetry.UseOtlpExporter();
    }

    /// <summary>
    /// Keeps the measurements of meters another host's <see cref="IMeterFactory"/> made (a second server in the same
    /// process, as in tests) out of this host's: OpenTelemetry listens to meters by name, whichever host made them.
    /// </summary>
    private static MeterProviderBuilder ConfigureHostMeters(this MeterProviderBuilder metrics)
    {
        if (metrics is IDeferredMeterProviderBuilder deferred)
        {
            deferred.Configure((services, builder) =>
            {
                var own = services.GetRequiredService<IMeterFactory>();
                builder.AddView(instrument => instrument.Meter.Scope is IMeterFactory maker && !ReferenceEquals(maker, own) ? MetricStreamConfiguration.Drop : null);
            });
        }
        return metrics;
    }
}
