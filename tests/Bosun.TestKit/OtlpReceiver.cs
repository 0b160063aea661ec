using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Bosun.TestKit;

/// <summary>A span as an OTLP receiver got it: ids in lowercase hex, times in UTC, attributes as strings (arrays joined by ",").</summary>
public sealed record ReceivedSpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    int Kind,
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<(string TraceId, string SpanId)> Links,
    int StatusCode,
    string? StatusMessage,
    string Service,
    string Protocol);

/// <summary>
/// An OpenTelemetry collector's receiving end on loopback, as the tests need it: OTLP/HTTP protobuf on
/// <see cref="HttpEndpoint"/> (<c>POST /v1/traces</c>, <c>/v1/metrics</c>) and OTLP/gRPC on <see cref="GrpcEndpoint"/>
/// (HTTP/2 without TLS). Requests are read with Google.Protobuf's wire-format reader by the field numbers of
/// opentelemetry-proto's trace and metrics messages; spans and metric names are kept for the test to look at.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private const string TraceService = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    private const string MetricsService = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();
    public ConcurrentDictionary<string, int> MetricNames { get; } = new(StringComparer.Ordinal);
    public Uri HttpEndpoint { get; private set; } = null!;
    public Uri GrpcEndpoint { get; private set; } = null!;

    /// <summary>The environment a server exports to this receiver with (<c>OTEL_EXPORTER_OTLP_*</c>).</summary>
    public Dictionary<string, string> Environment(string protocol = "http/protobuf") => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = (protocol == "grpc" ? GrpcEndpoint : HttpEndpoint).ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
        // Milliseconds: a test waits a moment, not the default five (traces) and sixty (metrics) seconds.
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    public IReadOnlyList<ReceivedSpan> Trace(string traceId) => Spans.Where(s => s.TraceId == traceId).ToList();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2);
        });
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            receiver.ReadTraces(await BodyAsync(context.Request), "http/protobuf");
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/metrics", async (HttpContext context) =>
        {
            receiver.ReadMetrics(await BodyAsync(context.Request));
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost(TraceService, (HttpContext context) => GrpcAsync(context, body => receiver.ReadTraces(body, "grpc")));
        app.MapPost(MetricsService, (HttpContext context) => GrpcAsync(context, receiver.ReadMetrics));
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        // Kestrel lists the endpoints in the order they were added.
        receiver.HttpEndpoint = addresses[0];
        receiver.GrpcEndpoint = addresses[1];
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static async Task<byte[]> BodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var body = request.Headers.ContentEncoding.ToString() == "gzip" ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
        await body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>gRPC over HTTP/2: a five-byte prefix (compressed flag, big-endian length) before each message; status in the trailers.</summary>
    private static async Task GrpcAsync(HttpContext context, Action<byte[]> read)
    {
        var frame = await BodyAsync(context.Request);
        if (frame.Length >= 5)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(1, 4));
            var message = frame.AsSpan(5, length).ToArray();
            read(frame[0] == 1 ? Gunzip(message) : message);
        }
        context.Response.ContentType = "application/grpc";
        await context.Response.Body.WriteAsync(new byte[5]);
        context.Response.AppendTrailer("grpc-status", "0");
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress))
        {
            gzip.CopyTo(output);
        }
        return output.ToArray();
    }

    // opentelemetry-proto: ExportTraceServiceRequest.resource_spans = 1; ResourceSpans.resource = 1, scope_spans = 2;
    // Resource.attributes = 1; ScopeSpans.spans = 2.
    private void ReadTraces(byte[] body, string protocol)
    {
        foreach (var resourceSpans in Fields(body, 1))
        {
            var service = "";
            foreach (var resource in Fields(resourceSpans, 1))
            {
                service = Attributes(resource, 1).GetValueOrDefault("service.name") ?? "";
            }
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                foreach (var span in Fields(scopeSpans, 2))
                {
                    Spans.Enqueue(ReadSpan(span, service, protocol));
                }
            }
        }
    }

    // ExportMetricsServiceRequest.resource_metrics = 1; ResourceMetrics.scope_metrics = 2; ScopeMetrics.metrics = 2; Metric.name = 1.
    private void ReadMetrics(byte[] body)
    {
        foreach (var name in from resource in Fields(body, 1) from scope in Fields(resource, 2) from metric in Fields(scope, 2) from n in Fields(metric, 1) select n)
        {
            MetricNames.AddOrUpdate(System.Text.Encoding.UTF8.GetString(name), 1, (_, count) => count + 1);
        }
    }

    // Span: trace_id 1, span_id 2, parent_span_id 4, name 5, kind 6, start 7 and end 8 (fixed64 ns), attributes 9,
    // links 13 (Link: trace_id 1, span_id 2), status 15 (Status: message 2, code 3).
    private static ReceivedSpan ReadSpan(byte[] span, string service, string protocol)
    {
        string traceId = "", spanId = "", name = "";
        string? parent = null, statusMessage = null;
        int kind = 0, statusCode = 0;
        ulong start = 0, end = 0;
        var links = new List<(string, string)>();
        var input = new CodedInputStream(span);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: traceId = Hex(input.ReadBytes()); break;
                case 2: spanId = Hex(input.ReadBytes()); break;
                case 4: parent = Hex(input.ReadBytes()) is { Length: > 0 } p ? p : null; break;
                case 5: name = input.ReadString(); break;
                case 6: kind = input.ReadEnum(); break;
                case 7: start = input.ReadFixed64(); break;
                case 8: end = input.ReadFixed64(); break;
                case 13:
                    var link = input.ReadBytes().ToByteArray();
                    links.Add((Hex(Fields(link, 1).FirstOrDefault() ?? []), Hex(Fields(link, 2).FirstOrDefault() ?? [])));
                    break;
                case 15:
                    var status = new CodedInputStream(input.ReadBytes().ToByteArray());
                    uint statusTag;
                    while ((statusTag = status.ReadTag()) != 0)
                    {
                        switch (WireFormat.GetTagFieldNumber(statusTag))
                        {
                            case 2: statusMessage = status.ReadString(); break;
                            case 3: statusCode = status.ReadEnum(); break;
                            default: status.SkipLastField(); break;
                        }
                    }
                    break;
                default: input.SkipLastField(); break;
            }
        }
        return new ReceivedSpan(traceId, spanId, parent, name, kind, Time(start), Time(end), Attributes(span, 9), links, statusCode, statusMessage, service, protocol);
    }

    // KeyValue: key 1, value 2; AnyValue: string 1, bool 2, int 3, double 4, array 5 (ArrayValue.values 1).
    private static Dictionary<string, string> Attributes(byte[] message, int field)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Fields(message, field))
        {
            var key = Fields(pair, 1).Select(b => System.Text.Encoding.UTF8.GetString(b)).FirstOrDefault() ?? "";
            attributes[key] = Fields(pair, 2).Select(Value).FirstOrDefault() ?? "";
        }
        return attributes;
    }

    private static string Value(byte[] anyValue)
    {
        var input = new CodedInputStream(anyValue);
        var tag = input.ReadTag();
        return WireFormat.GetTagFieldNumber(tag) switch
        {
            1 => input.ReadString(),
            2 => input.ReadBool() ? "true" : "false",
            3 => input.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            4 => input.ReadDouble().ToString(System.Globalization.CultureInfo.InvariantCulture),
            5 => string.Join(",", Fields(input.ReadBytes().ToByteArray(), 1).Select(Value)),
            _ => "",
        };
    }

    /// <summary>The length-delimited fields numbered <paramref name="number"/> of a message, others skipped.</summary>
    private static List<byte[]> Fields(byte[] message, int number)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }
        return found;
    }

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static DateTimeOffset Time(ulong unixNanos) => DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanos / 100));
}
