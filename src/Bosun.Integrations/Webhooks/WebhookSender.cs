using System.Net;
using System.Net.Sockets;
using System.Text;
using Bosun.Core.Webhooks;
using Polly;

namespace Bosun.Integrations.Webhooks;

/// <summary>
/// Sends rendered webhook requests with <see cref="HttpClient"/> (issue 4 item 6). The address policy is applied to
/// the host before anything happens and, in the connect callback, to every address the socket actually connects
/// to, so a name that resolves (or re-resolves) to a denied address is refused. Redirects are followed by hand, each
/// hop checked the same way. Like <c>curl --fail-with-body</c>, a status of 400 or more is an error with the body.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly WebhookSenderOptions _options;
    private readonly HttpClient _secure;
    private readonly HttpClient _insecure;

    /// <summary>A sender with clients of its own (tools and tests); the server's come from its <c>IHttpClientFactory</c>.</summary>
    public WebhookSender(WebhookSenderOptions options)
        : this(options,
            new HttpClient(CreateHandler(options.Policy, insecure: false), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan },
            new HttpClient(CreateHandler(options.Policy, insecure: true), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan })
    {
    }

    /// <param name="secure">Sends through a <see cref="CreateHandler"/> handler that checks certificates.</param>
    /// <param name="insecure">Sends through one that does not (a webhook's <c>--insecure</c>).</param>
    public WebhookSender(WebhookSenderOptions options, HttpClient secure, HttpClient insecure)
    {
        _options = options;
        _secure = secure;
        _insecure = insecure;
    }

    /// <exception cref="WebhookException">The request was refused, failed, timed out or answered an error status.</exception>
    public async Task<WebhookResponse> SendAsync(HttpRequestSpec request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var url = request.Url;
        var method = request.Method;
        var body = request.Body;
        for (var hop = 0; ; hop++)
        {
            if (_options.Policy.DenyHost(url.IdnHost) is { } denied)
            {
                throw new WebhookException($"request to {Redact(url)} refused: {denied}", WebhookOutcome.Refused);
            }
            // As curl: credentials go only to the origin they were written for, never to where a redirect points.
            using var message = Build(request, url, method, body, withCredentials: SameOrigin(url, request.Url));
            HttpResponseMessage response;
            try
            {
                response = await (request.Insecure ? _insecure : _secure).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
            catch (HttpRequestException e) when (e.InnerException is DeniedAddressException refused)
            {
                throw new WebhookException($"request to {Redact(url)} refused: {refused.Message}", WebhookOutcome.Refused);
            }
            catch (HttpRequestException e)
            {
                throw new WebhookException($"request to {Redact(url)} failed: {e.Message}", WebhookOutcome.Failed);
            }
            catch (ExecutionRejectedException e)
            {
                // The resilience pipeline did not send it (the host's circuit is open after many failures).
                throw new WebhookException($"request to {Redact(url)} not sent: {e.Message}", WebhookOutcome.Failed);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new WebhookException($"request to {Redact(url)} timed out after {_options.Timeout.TotalSeconds:0.#} s", WebhookOutcome.Timeout);
            }
            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (hop >= _options.MaxRedirects)
                    {
                        throw new WebhookException($"request to {Redact(request.Url)} was redirected more than {_options.MaxRedirects} times", WebhookOutcome.Error);
                    }
                    url = location.IsAbsoluteUri ? location : new Uri(url, location);
                    if (url.Scheme is not ("http" or "https"))
                    {
                        throw new WebhookException($"request to {Redact(request.Url)} was redirected to a non-http(s) URL", WebhookOutcome.Error);
                    }
                    // As curl -L: 301/302/303 turn a POST into a GET without a body; 307/308 keep both.
                    if (status is 301 or 302 or 303 && method != "HEAD")
                    {
                        method = "GET";
                        body = null;
                    }
                    continue;
                }
                var text = await ReadCappedAsync(response, url, timeout.Token, cancellationToken);
                if (status >= 400)
                {
                    throw new WebhookException($"request to {Redact(url)} failed with HTTP {status}: {Shorten(text)}", WebhookOutcome.Error);
                }
                return new WebhookResponse(status, text);
            }
        }
    }

    public void Dispose()
    {
        _secure.Dispose();
        _insecure.Dispose();
    }

    private static readonly string[] CredentialHeaders = ["Authorization", "Proxy-Authorization", "Cookie"];

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    private static HttpRequestMessage Build(HttpRequestSpec request, Uri url, string method, string? body, bool withCredentials)
    {
        var message = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            message.Content = new StringContent(body, Encoding.UTF8);
            message.Content.Headers.ContentType = null;
        }
        foreach (var (name, value) in request.Headers)
        {
            // Checked again here: whatever built the request, no header can split it.
            if (HttpHeaderRules.Check(name, value) is { } refused)
            {
                message.Dispose();
                throw new WebhookException(refused, WebhookOutcome.Refused);
            }
            if (!withCredentials && CredentialHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            if (message.Content is not null && name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }
        if (withCredentials && request.BasicAuth is { } user)
        {
            message.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user.Contains(':', StringComparison.Ordinal) ? user : user + ":")));
        }
        return message;
    }

    private async Task<string> ReadCappedAsync(HttpResponseMessage response, Uri url, CancellationToken timeout, CancellationToken caller)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(timeout);
            var buffer = new byte[Math.Min(_options.MaxResponseBytes + 1, 81920)];
            using var collected = new MemoryStream();
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout)) > 0)
            {
                collected.Write(buffer, 0, read);
                if (collected.Length > _options.MaxResponseBytes)
                {
                    throw new WebhookException($"the response of {Redact(url)} is larger than {_options.MaxResponseBytes} bytes", WebhookOutcome.Error);
                }
            }
            return Encoding.UTF8.GetString(collected.GetBuffer(), 0, (int)collected.Length);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            throw new WebhookException($"request to {Redact(url)} timed out after {_options.Timeout.TotalSeconds:0.#} s", WebhookOutcome.Timeout);
        }
    }

    /// <summary>
    /// The handler every webhook request goes through: no proxy, no automatic redirects, and the address policy checked
    /// on every address the socket connects to.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(AddressPolicy policy, bool insecure) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        SslOptions = insecure ? new() { RemoteCertificateValidationCallback = (_, _, _, _) => true } : new(),
        ConnectCallback = async (context, cancellationToken) =>
        {
            // Resolve here and check every address, so what is checked is what is connected to.
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
            var allowed = addresses.Where(a => policy.DenyAddress(a) is null).ToList();
            if (allowed.Count == 0)
            {
                throw new DeniedAddressException(addresses.Length == 0
                    ? $"{host} did not resolve"
                    : policy.DenyAddress(addresses[0])!);
            }
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>The URL without user info or query, for messages (a token may sit in either).</summary>
    private static string Redact(Uri url) => $"{url.Scheme}://{url.Authority}{url.AbsolutePath}";

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500] + "…";

    private sealed class DeniedAddressException(string message) : IOException(message);
}
