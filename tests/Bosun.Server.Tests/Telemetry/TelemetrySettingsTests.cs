using Bosun.Server.Hosting;

namespace Bosun.Server.Tests.Telemetry;

/// <summary>Malformed OTLP variables and out-of-range settings stop the start in one line, before anything is written.</summary>
public sealed class TelemetrySettingsTests
{
    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317", "OTEL_EXPORTER_OTLP_ENDPOINT 'collector:4317' is not an http(s) URL")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "ftp://collector", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT 'ftp://collector' is not an http(s) URL")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json", "OTEL_EXPORTER_OTLP_PROTOCOL 'http/json' is not one of grpc, http/protobuf")]
    public void AMalformedOtlpVariable_StopsTheStart_NamingIt(string name, string value, string message)
    {
        var data = Path.Combine(Path.GetTempPath(), "bosun-otel-" + Guid.NewGuid().ToString("N"));
        var options = new BosunOptions { Listen = "127.0.0.1:0", DataDirectory = data, ApiToken = "t", Telemetry = new Dictionary<string, string?> { [name] = value } };
        var error = Assert.Throws<ArgumentException>(() => BosunServer.Build(options, console: TextWriter.Null));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public void ADurationOfZero_StopsTheStart()
    {
        var data = Path.Combine(Path.GetTempPath(), "bosun-otel-" + Guid.NewGuid().ToString("N"));
        var options = new BosunOptions { Listen = "127.0.0.1:0", DataDirectory = data, ApiToken = "t", PrometheusTimeout = TimeSpan.Zero };
        Assert.Contains("the Prometheus timeout", Assert.Throws<ArgumentException>(() => BosunServer.Build(options, console: TextWriter.Null)).Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data));
    }
}
