using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bosun.Server.Hosting;

namespace Bosun.Server.Ui;

/// <summary>
/// The web UI's signed-in session (DESIGN §6): a cookie holding an expiry and a random id, signed with HMAC-SHA256
/// under a key derived from the API token. Any replica that shares the token checks it without shared state, and a
/// new token ends every session. Each session's anti-forgery token is an HMAC of its id, so a forged form from
/// another site (which cannot read the cookie) carries none that matches; every comparison is constant-time.
/// </summary>
internal sealed class UiSession(ApiToken token, TimeProvider time)
{
    public const string CookieName = "bosun_session";
    public const string FormField = "__bosun_csrf";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);
    private readonly byte[] _key = SHA256.HashData(Encoding.UTF8.GetBytes("bosun-ui-session\0" + token.Value));

    /// <summary>Whether a presented API token signs a user in.</summary>
    public bool Accepts(string? presented) => token.Matches(presented);

    /// <summary>Starts a session: its cookie value.</summary>
    public string Issue()
    {
        var expires = time.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = expires + "." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        return payload + "." + Sign("session\0" + payload);
    }

    /// <summary>The session's id, when the cookie is one this server signed and it has not expired; else null.</summary>
    public string? Read(string? cookie)
    {
        var parts = cookie?.Split('.');
        if (parts is not { Length: 3 } || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }
        var payload = parts[0] + "." + parts[1];
        var signed = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign("session\0" + payload)), Encoding.ASCII.GetBytes(parts[2]));
        return signed && time.GetUtcNow().ToUnixTimeSeconds() < expires ? parts[1] : null;
    }

    /// <summary>The anti-forgery token of a session, for the hidden field of every form it renders.</summary>
    public string FormToken(string sessionId) => Sign("form\0" + sessionId);

    public bool FormTokenMatches(string sessionId, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(FormToken(sessionId)), Encoding.ASCII.GetBytes(presented));

    /// <summary>The cookie's attributes: HttpOnly, SameSite=Strict, Secure behind TLS, for the whole site.</summary>
    public CookieOptions CookieFor(HttpRequest request, bool expire = false) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = "/",
        MaxAge = expire ? TimeSpan.Zero : Lifetime,
    };

    private string Sign(string text) => Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)));
}
