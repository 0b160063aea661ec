using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Integrations.ArgoCd;

/// <summary>
/// Argo CD's application API (spec/argocd.md A1). Always passes <c>project=</c> when known, so 404 means "not
/// there". <paramref name="api"/> carries the bearer token and the resilience pipeline; <paramref name="stream"/>
/// carries the token but no timeout, for the long-lived watch.
/// </summary>
public sealed class ArgoCdClient(HttpClient api, HttpClient stream)
{
    /// <summary>The longest watch message taken (one Application with its resource tree); a longer one ends the connection.</summary>
    public const int MaxWatchMessage = 32 * 1024 * 1024;

    public async Task<JsonObject> GetAsync(string app, string? project, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get, $"api/v1/applications/{Uri.EscapeDataString(app)}{Query(("project", project))}", null, cancellationToken);

    /// <summary>A revision's commit metadata (<c>author</c>, <c>date</c>, <c>tags</c>, <c>message</c>): spec/argocd.md A1.</summary>
    public async Task<JsonObject> RevisionMetadataAsync(string app, string revision, string? project, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get,
            $"api/v1/applications/{Uri.EscapeDataString(app)}/revisions/{Uri.EscapeDataString(revision)}/metadata{Query(("project", project))}", null, cancellationToken);

    public async Task<IReadOnlyList<JsonObject>> ListAsync(string? project, string? selector, CancellationToken cancellationToken)
    {
        var list = await SendAsync(HttpMethod.Get, "api/v1/applications" + Query(("projects", project), ("selector", selector)), null, cancellationToken);
        return (list["items"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
    }

    /// <summary>Starts a sync; Argo CD answers at once with the app whose <c>.operation</c> is set.</summary>
    public async Task<JsonObject> SyncAsync(string app, ArgoSyncRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["name"] = app,
            ["prune"] = request.Prune,
            ["infos"] = new JsonArray(request.Infos.Select(i => (JsonNode)new JsonObject { ["name"] = i.Key, ["value"] = i.Value }).ToArray()),
        };
        if (request.Project is not null)
        {
            body["project"] = request.Project;
        }
        if (request.Revision is not null)
        {
            body["revision"] = request.Revision;
        }
        if (request.SyncOptions.Count > 0)
        {
            body["syncOptions"] = new JsonObject { ["items"] = new JsonArray(request.SyncOptions.Select(o => (JsonNode)JsonValue.Create(o)!).ToArray()) };
        }
        return await SendAsync(HttpMethod.Post, $"api/v1/applications/{Uri.EscapeDataString(app)}/sync", body, cancellationToken);
    }

    public async Task<JsonObject> RollbackAsync(string app, long historyId, string? project, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["name"] = app, ["id"] = historyId };
        if (project is not null)
        {
            body["project"] = project;
        }
        return await SendAsync(HttpMethod.Post, $"api/v1/applications/{Uri.EscapeDataString(app)}/rollback", body, cancellationToken);
    }

    public async Task TerminateAsync(string app, string? project, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Delete, $"api/v1/applications/{Uri.EscapeDataString(app)}/operation{Query(("project", project))}", null, cancellationToken);

    /// <summary>One watch connection: the snapshot Argo CD sends first, then changes, until the stream ends.</summary>
    public async IAsyncEnumerable<ArgoWatchEvent> WatchOnceAsync(string? project, string? selector, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/stream/applications" + Query(("projects", project), ("selector", selector)));
        using var response = await Send(stream, request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        using var reader = new Utf8LineReader(await response.Content.ReadAsStreamAsync(cancellationToken), MaxWatchMessage);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.IsEmpty)
            {
                continue;
            }
            if ((JsonNode.Parse(line.Span) as JsonObject)?["result"] is JsonObject result
                && result["type"]?.GetValue<string>() is { } type && result["application"] is JsonObject application)
            {
                result.Remove("application"); // detached instead of copied
                yield return new ArgoWatchEvent(type, application);
            }
        }
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await Send(api, request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        // The body is buffered already (read within the pipeline's timeout): parsed from its UTF-8, not from a string copy.
        var content = await response.Content.ReadAsStreamAsync(cancellationToken);
        return content.CanSeek && content.Length == 0 ? [] : await JsonNode.ParseAsync(content, cancellationToken: cancellationToken) as JsonObject ?? [];
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(request, completion, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ArgoCdException(ArgoCdErrorKind.Unavailable, 0, $"Argo CD at {client.BaseAddress} is not reachable: {e.Message}", e);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string message;
        try
        {
            message = (JsonNode.Parse(text) as JsonObject)?["message"]?.GetValue<string>() ?? text;
        }
        catch (JsonException)
        {
            message = text;
        }
        throw ArgoCdException.FromResponse((int)response.StatusCode, string.IsNullOrEmpty(message) ? response.ReasonPhrase ?? "error" : message);
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var parts = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }
}
