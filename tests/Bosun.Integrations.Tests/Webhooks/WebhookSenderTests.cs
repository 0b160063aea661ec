using System.Collections.Concurrent;
using System.Text;
using Bosun.Core.Webhooks;
using Bosun.Integrations.Webhooks;
using Bosun.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Bosun.Integrations.Tests.Webhooks;

/// <summary>
/// The webhook sender against a real receiver on loopback. Every row of the deny policy is proven refused with the
/// receiver listening at the target port and never hit; the allow list opens it again.
/// </summary>
public sealed class WebhookSenderTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _hits = new();
    private WebApplication _receiver = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.Map("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            _hits.Enqueue($"{context.Request.Method} {context.Request.Path} auth={context.Request.Headers.Authorization} x={context.Request.Headers["X-Test"]} ct={context.Request.ContentType} body={body} cookie={context.Request.Headers.Cookie}");
            switch (context.Request.Path.Value)
            {
                case "/fail":
                    context.Response.StatusCode = 500;
                    await context.Response.WriteAsync("boom");
                    return;
                case "/slow":
                    await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
                    return;
                case "/big":
                    await context.Response.WriteAsync(new string('x', 4096));
                    return;
                case "/redirect-local":
                    context.Response.Redirect($"http://127.0.0.2:{context.Connection.LocalPort}/ok");
                    return;
                case "/redirect":
                    context.Response.StatusCode = 302;
                    context.Response.Headers.Location = "/ok";
                    return;
                case "/redirect-other-host":
                    context.Response.StatusCode = 307;
                    context.Response.Headers.Location = $"http://localhost:{context.Connection.LocalPort}/ok";
                    return;
                default:
                    await context.Response.WriteAsync("""{"ok":true}""");
                    return;
            }
        });
        _address = await LoopbackHost.StartAsync(_receiver);
    }

    public async Task DisposeAsync()
    {
        await _receiver.StopAsync();
        await _receiver.DisposeAsync();
    }

    private static WebhookSender Sender(string[]? allow = null, TimeSpan? timeout = null, int cap = 1 << 20) =>
        new(new WebhookSenderOptions { Policy = new AddressPolicy(allow: allow), Timeout = timeout ?? TimeSpan.FromSeconds(10), MaxResponseBytes = cap });

    private HttpRequestSpec Get(string url) => CurlCommand.Parse($"curl {url}");

    [Theory]
    [InlineData("http://127.0.0.1:{port}/x")]
    [InlineData("http://localhost:{port}/x")]
    [InlineData("http://2130706433:{port}/x")]
    [InlineData("http://0x7f000001:{port}/x")]
    [InlineData("http://0177.0.0.1:{port}/x")]
    [InlineData("http://127.1:{port}/x")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/x")]
    [InlineData("http://[::1]:{port}/x")]
    [InlineData("http://0.0.0.0:{port}/x")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fe80::1]/x")]
    [InlineData("http://[fd00:ec2::254]/x")]
    [InlineData("https://kubernetes.default.svc/api")]
    [InlineData("https://kubernetes/api")]
    [InlineData("http://argocd-server.argocd.svc.cluster.local/api")]
    public async Task DeniedTargets_AreRefused_AndTheReceiverIsNeverHit(string template)
    {
        using var sender = Sender();
        var url = template.Replace("{port}", _address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<WebhookException>(() => sender.SendAsync(Get(url), CancellationToken.None));
        Assert.Contains("refused", error.Message);
        Assert.Contains("--webhook-allow", error.Message);
        Assert.Empty(_hits);
    }

    [Fact]
    public async Task AllowedName_ResolvingToADeniedAddress_IsRefusedAtConnect()
    {
        // The name passes (it is allowed), but what it resolves to does not: the connect callback checks addresses.
        using var sender = Sender(allow: ["localhost"]);
        var error = await Assert.ThrowsAsync<WebhookException>(() => sender.SendAsync(Get($"http://localhost:{_address.Port}/x"), CancellationToken.None));
        Assert.Contains("the address 127.0.0.1 is in the denied range 127.0.0.0/8", error.Message);
        Assert.Empty(_hits);
    }

    [Fact]
    public async Task WebhookAllow_OpensTheAddressAgain_AndTheRequestArrivesWhole()
    {
        using var sender = Sender(allow: ["127.0.0.1"]);
        var request = CurlCommand.Parse($"curl -X POST -H 'X-Test: yes' -H 'Content-Type: application/json' -u bob:pw -d '{{\"a\":1}}' {_address}hook");
        var response = await sender.SendAsync(request, CancellationToken.None);
        Assert.Equal((200, """{"ok":true}"""), (response.Status, response.Body));
        Assert.Equal($"POST /hook auth=Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:pw"))} x=yes ct=application/json body={{\"a\":1}} cookie=", Assert.Single(_hits));
    }

    [Fact]
    public async Task RedirectToADeniedAddress_IsNotFollowed()
    {
        using var sender = Sender(allow: ["127.0.0.1"]);
        var error = await Assert.ThrowsAsync<WebhookException>(() => sender.SendAsync(Get($"{_address}redirect-local"), CancellationToken.None));
        Assert.Contains("refused: the address 127.0.0.2", error.Message);
        Assert.Single(_hits);
    }

    [Theory]
    [InlineData("-H 'Authorization: Bearer tok-1'")]
    [InlineData("-u user:pass-1")]
    [InlineData("-H 'Cookie: session=tok-1'")]
    public async Task RedirectToAnotherOrigin_DropsCredentials_AsCurlDoes(string credentials)
    {
        using var sender = Sender(allow: ["127.0.0.1", "localhost"]);
        var response = await sender.SendAsync(CurlCommand.Parse($"curl -H 'X-Test: kept' {credentials} {_address}redirect-other-host"), CancellationToken.None);
        Assert.Equal(200, response.Status);
        var hits = _hits.ToArray();
        Assert.Equal(2, hits.Length);
        Assert.True(hits[0].Contains("tok-1", StringComparison.Ordinal) || hits[0].Contains("auth=Basic", StringComparison.Ordinal), hits[0]);
        Assert.StartsWith("GET /ok auth= x=kept", hits[1]);
        Assert.EndsWith("cookie=", hits[1]);
    }

    [Fact]
    public async Task RedirectToTheSameOrigin_KeepsCredentials()
    {
        using var sender = Sender(allow: ["127.0.0.1"]);
        await sender.SendAsync(CurlCommand.Parse($"curl -u user:pass-1 {_address}redirect"), CancellationToken.None);
        Assert.All(_hits, h => Assert.Contains("auth=Basic ", h));
    }

    [Fact]
    public async Task HeaderWithCrLf_IsRefused_AndNothingIsSent()
    {
        using var sender = Sender(allow: ["127.0.0.1"]);
        var request = new HttpRequestSpec("GET", new Uri(_address, "ok"), [new("X-Test", "1\r\nAuthorization: Bearer smuggled")], null, null, false);
        var error = await Assert.ThrowsAsync<WebhookException>(() => sender.SendAsync(request, CancellationToken.None));
        Assert.Contains("control character", error.Message);
        Assert.Empty(_hits);
    }

    [Fact]
    public async Task AllowedRedirect_IsFollowed_AsCurlDoes()
    {
        using var sender = Sender(allow: ["127.0.0.1"]);
        var response = await sender.SendAsync(CurlCommand.Parse($"curl -d x=1 {_address}redirect"), CancellationToken.None);
        Assert.Equal(200, response.Status);
        Assert.Equal(["POST /redirect", "GET /ok"], _hits.Select(h => h[..h.IndexOf(" auth", StringComparison.Ordinal)]));
    }

    [Fact]
    public async Task ErrorStatus_FailsWithTheBody_AsFailWithBody()
    {
        using var sender = Sender(allow: ["127.0.0.1"]);
        var error = await Assert.ThrowsAsync<WebhookException>(() => sender.SendAsync(Get($"{_address}fail"), CancellationToken.None));
        Assert.Equal($"request to http://127.0.0.1:{_address.Port}/fail failed with HTTP 500: boom", error.Message);
    }

    [Fact]
    public async Task SlowReceiver_TimesOut()
    {
        using var sender = Sender(allow: ["127.0.0.1"], timeout: TimeSpan.FromMilliseconds(300));
        var error = await Assert.ThrowsAsync<WebhookException>(() => sender.SendAsync(Get($"{_address}slow"), CancellationToken.None));
        Assert.EndsWith("timed out after 0.3 s", error.Message);
    }

    [Fact]
    public async Task LargeResponse_IsCapped()
    {
        using var sender = Sender(allow: ["127.0.0.1"], cap: 1024);
        var error = await Assert.ThrowsAsync<WebhookException>(() => sender.SendAsync(Get($"{_address}big"), CancellationToken.None));
        Assert.EndsWith("is larger than 1024 bytes", error.Message);
    }

    [Fact]
    public async Task UnreachableHost_FailsWithAClearMessage()
    {
        using var sender = Sender();
        var error = await Assert.ThrowsAsync<WebhookException>(() => sender.SendAsync(Get("http://no-such-host.invalid/x"), CancellationToken.None));
        Assert.StartsWith("request to http://no-such-host.invalid/x failed:", error.Message);
    }
}
