using System.Text.Json.Nodes;

namespace Bosun.TestKit;

/// <summary>An open server-sent-event stream, read message by message (the <c>event</c>, <c>id</c> and <c>data</c> lines).</summary>
public sealed class SseReader(HttpResponseMessage response, StreamReader reader) : IDisposable
{
    public HttpResponseMessage Response { get; } = response;

    public static async Task<SseReader> OpenAsync(HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            throw new InvalidOperationException($"{request.RequestUri} answered {(int)response.StatusCode} {response.Content.Headers.ContentType}: {await response.Content.ReadAsStringAsync()}");
        }
        return new SseReader(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next message of one of <paramref name="events"/> (others are skipped), within 10 seconds: its id and data.</summary>
    public async Task<(string? Id, JsonNode? Data)> NextAsync(params string[] events)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string? type = null, id = null, data = null;
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (type is not null && events.Contains(type))
                {
                    return (id, data is { Length: > 0 } ? JsonNode.Parse(data) : null);
                }
                (type, id, data) = (null, null, null);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
        throw new EndOfStreamException("the stream ended");
    }

    public void Dispose()
    {
        reader.Dispose();
        Response.Dispose();
    }
}
