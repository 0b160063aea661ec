using System.Globalization;

namespace Bosun.Core.Tracing;

/// <summary>
/// A W3C Trace Context <c>traceparent</c> (<c>00-{trace-id}-{parent-id}-{flags}</c>), as the CloudEvents
/// distributed-tracing extension carries it. Parsing follows the W3C rules: lowercase hex, ids not all zero, version
/// <c>ff</c> invalid, a later version read by its first four fields; anything else is no trace context at all.
/// </summary>
public sealed record W3CTraceParent(string TraceId, string SpanId, bool Sampled)
{
    public override string ToString() => $"00-{TraceId}-{SpanId}-{(Sampled ? "01" : "00")}";

    public static W3CTraceParent? Parse(string? text)
    {
        if (text is null || text.Length < 55 || text[2] != '-' || text[35] != '-' || text[52] != '-')
        {
            return null;
        }
        var version = text[..2];
        if (!IsHex(version) || version == "ff" || version == "00" && text.Length != 55 || text.Length > 55 && text[55] != '-')
        {
            return null;
        }
        var trace = text[3..35];
        var span = text[36..52];
        var flags = text[53..55];
        if (!IsHex(trace) || !IsHex(span) || !IsHex(flags) || trace.All(c => c == '0') || span.All(c => c == '0'))
        {
            return null;
        }
        return new W3CTraceParent(trace, span, (byte.Parse(flags, NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 1) == 1);
    }

    private static bool IsHex(string s) => s.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
