namespace Bosun.Core.Webhooks;

/// <summary>One HTTP request a webhook sends, after rendering and parsing (no I/O here).</summary>
public sealed record HttpRequestSpec(
    string Method,
    Uri Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Body,
    string? BasicAuth,
    bool Insecure);
