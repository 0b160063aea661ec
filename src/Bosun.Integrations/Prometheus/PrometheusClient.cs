using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Integrations.Prometheus;

/// <summary>
/// Instant queries against Prometheus's HTTP API (<c>GET /api/v1/query?query=…&amp;time=…</c>). A query must give exactly
/// one finite number; anything else (no series, several series, NaN, an error from Prometheus, no answer in time,
/// no connection) is a <see cref="PrometheusException"/> whose message says which.
/// </summary>
public sealed class PrometheusClient(HttpClient http, TimeSpan timeout)
{
    private const int MaxBody = 1 << 20;

    public async Task<double> QueryAsync(PrometheusEndpoint endpoint, string query, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var url = new Uri(endpoint.Url, "api/v1/query?query=" + Uri.EscapeDataString(query)
            + "&time=" + (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (endpoint.Token is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (endpoint.User is { } user)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{endpoint.Password}")));
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        string body;
        int status;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            status = (int)response.StatusCode;
            body = await ReadAsync(response, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PrometheusException($"Prometheus at {Where(endpoint)} did not answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s");
        }
        catch (HttpRequestException e)
        {
            throw new PrometheusException($"Prometheus at {Where(endpoint)} is unreachable: {e.Message}");
        }
        return Value(body, status, endpoint);
    }

    /// <summary>The one number of an instant query's answer.</summary>
    public static double Value(string body, int status, PrometheusEndpoint endpoint)
    {
        JsonObject? doc;
        try
        {
            doc = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            doc = null;
        }
        if (status == 401 || status == 403)
        {
            throw new PrometheusException($"Prometheus at {Where(endpoint)} refused the credentials (HTTP {status})");
        }
        if (doc is null || doc["status"] is not JsonValue)
        {
            throw new PrometheusException($"Prometheus at {Where(endpoint)} answered HTTP {status} with a body that is not a Prometheus API response");
        }
        if (doc["status"]!.ToString() != "success")
        {
            throw new PrometheusException($"Prometheus refused the query ({doc["errorType"]?.ToString() ?? "error"}): {doc["error"]?.ToString() ?? "no reason given"}");
        }
        var data = doc["data"] as JsonObject;
        var type = data?["resultType"]?.ToString();
        JsonNode? sample = type switch
        {
            "vector" => (data!["result"] as JsonArray) switch
            {
                null or { Count: 0 } => throw new PrometheusException("the query returned no data (an empty vector)"),
                { Count: 1 } one => (one[0] as JsonObject)?["value"],
                var many => throw new PrometheusException($"the query returned {many.Count} series; an SLI needs one (aggregate them, e.g. with sum or avg)"),
            },
            "scalar" => data!["result"],
            _ => throw new PrometheusException($"the query returned a {type ?? "missing"} result; an SLI needs an instant vector or a scalar"),
        };
        var text = (sample as JsonArray) is { Count: 2 } pair ? pair[1]?.ToString() : null;
        if (text is "NaN" or "+Inf" or "-Inf" or "Inf")
        {
            throw new PrometheusException($"the query returned {text}, not a finite number");
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new PrometheusException($"the query returned a value that is not a number: '{text}'");
        }
        if (!double.IsFinite(value))
        {
            throw new PrometheusException($"the query returned {text}, not a finite number");
        }
        return value;
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBody)
            {
                throw new PrometheusException("Prometheus's answer is larger than 1 MiB");
            }
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The URL without credentials or query, for messages.</summary>
    private static string Where(PrometheusEndpoint endpoint) =>
        endpoint.Url.GetComponents(UriComponents.Scheme | UriComponents.HostAndPort | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');
}
