using System.Net;
using System.Text;
using System.Text.Json;
using Bosun.Core.Webhooks;

namespace Bosun.Core.Tests.Webhooks;

/// <summary>Every form a secret takes when a receiver echoes it, or an error quotes it, is masked before storing.</summary>
public sealed class SecretMaskTests
{
    private const string Secret = "p\"a\\ss wörd+/&<x>";
    private static readonly Dictionary<string, string> Env = new() { ["token"] = Secret };

    public static TheoryData<string, string> Forms() => new()
    {
        { "raw", Secret },
        { "JSON (.NET, strict)", JsonSerializer.Serialize(Secret) },
        { "JSON (.NET, relaxed)", JsonSerializer.Serialize(Secret, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) },
        { "JSON (Go, lower-case hex)", "\"p\\\"a\\\\ss wörd+/\\u0026\\u003cx\\u003e\"" },
        { "JSON (.NET, lower-case hex)", JsonSerializer.Serialize(Secret).ToLowerInvariant() },
        { "URL (percent)", Uri.EscapeDataString(Secret) },
        { "URL (percent, lower-case)", Uri.EscapeDataString(Secret).ToLowerInvariant() },
        { "URL (form, +)", WebUtility.UrlEncode(Secret) },
        { "base64", Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret)) },
        { "base64url", Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret)).TrimEnd('=').Replace('+', '-').Replace('/', '_') },
        { "environment dump", $"map[token:{Secret}]" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void EnvSecret_IsMasked_InEveryForm(string form, string echoed)
    {
        var text = SecretMask.For(Env).Apply($"{{\"echo\": {echoed}}}");
        Assert.True(!text.Contains("ss w", StringComparison.Ordinal) && !text.Contains(echoed, StringComparison.Ordinal), $"{form}: {text}");
        Assert.Contains(SecretMask.Replacement, text);
    }

    [Fact]
    public void CurlBasicAuth_IsMasked_AsTheBasicHeader()
    {
        var request = CurlCommand.Parse("curl -u user:hunter2 https://h.example/");
        var mask = SecretMask.For(new Dictionary<string, string>(), request);
        var header = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:hunter2"));
        var echoed = mask.Apply($$"""{"headers": {"Authorization": "{{header}}"}, "url": "https://user:hunter2@h.example/"}""");
        Assert.DoesNotContain("hunter2", echoed);
        Assert.DoesNotContain(header[6..], echoed);
    }

    [Fact]
    public void AuthorizationHeaderValue_IsMasked()
    {
        var request = CurlCommand.Parse("curl -H 'Authorization: Bearer tok-123' https://h.example/");
        var echoed = SecretMask.For(new Dictionary<string, string>(), request).Apply("""{"authorization": "Bearer tok-123", "token": "tok-123"}""");
        Assert.DoesNotContain("tok-123", echoed);
    }

    [Fact]
    public void OtherText_IsUntouched() =>
        Assert.Equal("""{"ok": true}""", SecretMask.For(Env).Apply("""{"ok": true}"""));
}
