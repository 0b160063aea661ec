using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Cli.Client;

/// <summary>
/// The Keptn/Bosun HTTP API as the CLI uses it. Every failure becomes a <see cref="CliException"/> with one line
/// that says what went wrong and the exit code for it: unreachable or 5xx → server error, 401 → unauthorized,
/// 404 → not found, 400 → usage, anything else → failure.
/// </summary>
internal sealed class BosunClient : IDisposable
{
    private readonly HttpClient _http;

    public BosunClient(Uri server, string? token, HttpMessageHandler? handler = null)
    {
        Server = server;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = server;
        _http.Timeout = TimeSpan.FromSeconds(30);
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Add("x-token", token);
        }
    }

    public Uri Server { get; }

    public Task<JsonObject> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<JsonObject> PostAsync(string path, JsonNode body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, cancellationToken);

    public Task<JsonObject> PutAsync(string path, JsonNode body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, body, cancellationToken);

    public Task<JsonObject> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    /// <summary>Posts a Keptn CloudEvent (source <c>bosun-cli</c> unless given; an answer names its task) and returns its context.</summary>
    public async Task<string> SendEventAsync(string type, JsonObject data, CancellationToken cancellationToken,
        string source = "bosun-cli", string? triggeredId = null, string? keptnContext = null)
    {
        var envelope = new JsonObject
        {
            ["specversion"] = "1.0",
            ["type"] = type,
            ["source"] = source,
            ["contenttype"] = "application/json",
            ["data"] = data,
        };
        if (triggeredId is not null)
        {
            envelope["triggeredid"] = triggeredId;
        }
        if (keptnContext is not null)
        {
            envelope["shkeptncontext"] = keptnContext;
        }
        var answer = await PostAsync("/api/v1/event", envelope, cancellationToken);
        return answer["keptnContext"]?.GetValue<string>() ?? throw new CliException(ExitCodes.Failure, "the server accepted the event but named no keptnContext");
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            var reason = e.InnerException is SocketException socket ? socket.Message : e.Message;
            throw new CliException(ExitCodes.ServerError, $"cannot reach Bosun at {Server}: {reason}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.ServerError, $"Bosun at {Server} did not answer within {_http.Timeout.TotalSeconds:0} s");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return Parse(text) ?? [];
            }
            var message = Parse(text)?["message"]?.GetValue<string>() is { Length: > 0 } m ? m : $"{(int)response.StatusCode} {response.ReasonPhrase}";
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new CliException(ExitCodes.Unauthorized,
                    $"Bosun at {Server} refused the token ({message}); pass --token or run bosun auth"),
                // DESIGN §8: the token is valid but its role or projects do not allow the call; the message names the right.
                HttpStatusCode.Forbidden => new CliException(ExitCodes.Unauthorized, message),
                HttpStatusCode.NotFound => new CliException(ExitCodes.NotFound, message),
                HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge => new CliException(ExitCodes.Usage, message),
                >= HttpStatusCode.InternalServerError => new CliException(ExitCodes.ServerError, $"Bosun at {Server} failed ({(int)response.StatusCode}): {message}"),
                _ => new CliException(ExitCodes.Failure, message),
            };
        }
    }

    private static JsonObject? Parse(string text)
    {
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
