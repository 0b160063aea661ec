namespace Bosun.Integrations.Prometheus;

/// <summary>A Prometheus server to query: its URL and, optionally, basic credentials or a bearer token.</summary>
public sealed record PrometheusEndpoint(Uri Url, string? User = null, string? Password = null, string? Token = null)
{
    /// <summary>An http(s) URL, or an error naming <paramref name="field"/>; Keptn assumed https when the scheme is missing.</summary>
    public static PrometheusEndpoint Parse(string url, string field, string? user = null, string? password = null, string? token = null)
    {
        var text = url.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }
        if (!Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            throw new PrometheusException($"{field} '{url}' is not an http(s) URL");
        }
        return new PrometheusEndpoint(parsed, NullIfEmpty(user), NullIfEmpty(password), NullIfEmpty(token));
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
