using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests;

/// <summary>
/// DESIGN §8: <c>--tls-cert</c>/<c>--tls-key</c> (PEM) serve HTTPS on <c>--listen</c>, tested with a self-signed
/// certificate made here; the sign-in cookie is Secure; a bad pair stops the start in one line.
/// </summary>
public sealed class TlsTests : IDisposable
{
    private readonly TempDirectory _dir = new("bosun-tls");

    public void Dispose() => _dir.Dispose();

    private (string Cert, string Key, X509Certificate2 Certificate) SelfSigned(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=bosun-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var cert = Path.Combine(_dir.Path, name + ".crt");
        var keyFile = Path.Combine(_dir.Path, name + ".key");
        File.WriteAllText(cert, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (cert, keyFile, certificate);
    }

    private Task<BosunProcess> ServeAsync(bool listens, params string[] tls) => BosunProcess.StartAsync(
        new[] { "serve", "--listen", "127.0.0.1:0", "--data", Path.Combine(_dir.Path, "data"), "--api-token", "tls-token" }.Concat(tls),
        waitForListening: listens);

    [Fact]
    public async Task WithACertificate_TheApiAndTheUiAreServedOverHttps()
    {
        var (cert, key, certificate) = SelfSigned("server");
        await using var bosun = await ServeAsync(true, "--tls-cert", cert, "--tls-key", key);
        Assert.Equal("https", bosun.Address.Scheme);

        // A client that trusts this certificate (and only it) talks to the API.
        using var trusting = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
            AllowAutoRedirect = false,
        })
        { BaseAddress = bosun.Address };
        Assert.Equal(HttpStatusCode.OK, (await trusting.GetAsync("/health")).StatusCode);
        using var projects = new HttpRequestMessage(HttpMethod.Get, "/api/controlPlane/v1/project");
        projects.Headers.Add("x-token", "tls-token");
        Assert.Equal(HttpStatusCode.OK, (await trusting.SendAsync(projects)).StatusCode);

        // Signing in over TLS sets a Secure cookie.
        var signIn = await trusting.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "tls-token" }));
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("bosun_session=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);

        // A client that does not trust it, or speaks plain HTTP, gets nowhere.
        using var strict = new HttpClient { BaseAddress = bosun.Address };
        await Assert.ThrowsAsync<HttpRequestException>(() => strict.GetAsync("/health"));
        using var plain = new HttpClient { BaseAddress = new UriBuilder(bosun.Address) { Scheme = "http" }.Uri };
        var refused = await Record.ExceptionAsync(async () => (await plain.GetAsync("/health")).EnsureSuccessStatusCode());
        Assert.NotNull(refused);
    }

    [Fact]
    public async Task AKeyOfAnotherCertificate_StopsTheStartInOneLine()
    {
        var (cert, _, _) = SelfSigned("one");
        var (_, otherKey, _) = SelfSigned("two");
        await using var bosun = await ServeAsync(false, "--tls-cert", cert, "--tls-key", otherKey);
        Assert.Equal(2, await bosun.WaitForExitAsync());
        Assert.Contains("--tls-cert/--tls-key:", bosun.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", bosun.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyOneOfTheFlags_StopsTheStartInOneLine()
    {
        var (cert, _, _) = SelfSigned("alone");
        await using var bosun = await ServeAsync(false, "--tls-cert", cert);
        Assert.Equal(2, await bosun.WaitForExitAsync());
        Assert.Contains("give both --tls-cert and --tls-key (PEM files), or neither", bosun.Output, StringComparison.Ordinal);
    }
}
