using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bosun.Server.Hosting;

namespace Bosun.Server.Ui;

/// <summary>
/// The web UI's signed-in session (DESIGN §6): a cookie holding an expiry, a random id, the name of the token that
/// signed in and a tag of that token's value, signed with HMAC-SHA256 under a key derived from the API token. Any
/// replica that shares the token checks it without shared state; a new API token ends every session, and a token
/// rotated or revoked ends its own (<see cref="UiAccessMiddleware"/> checks the tag against the token as stored).
/// Each session's anti-forgery token is an HMAC of its id, so a forged form from another site (which cannot read the
/// cookie) carries none that matches; every comparison is constant-time.
/// </summary>
internal sealed class UiSession(ApiToken token, TimeProvider time)
{
    public const string CookieName = "bosun_session";
    public const string FormField = "__bosun_csrf";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);
    private readonly byte[] _key = SHA256.HashData(Encoding.UTF8.GetBytes("bosun-ui-session\0" + token.Value));
    private static readonly object IdKey = new();

    /// <summary>What a signed, unexpired cookie says: the session's id, the token's name and the tag of its value.</summary>
    public sealed record Claim(string Id, string Token, string Tag);

    /// <summary>Starts a session of a token (by name) whose value hashes to <paramref name="tokenHash"/>: its cookie value.</summary>
    public string Issue(string tokenName, byte[] tokenHash)
    {
        var expires = time.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = expires + "." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)) + "." +
            Base64Url.EncodeToString(Encoding.UTF8.GetBytes(tokenName)) + "." + Tag(tokenHash);
        return payload + "." + Sign("session\0" + payload);
    }

    /// <summary>The API token's hash, for a session of the token named <c>default</c>.</summary>
    public byte[] ApiTokenHash => token.Hash;

    /// <summary>What the cookie claims, when it is one this server signed and it has not expired; else null.</summary>
    public Claim? Read(string? cookie)
    {
        var parts = cookie?.Split('.');
        if (parts is not { Length: 5 } || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }
        var payload = string.Join('.', parts, 0, 4);
        var signed = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign("session\0" + payload)), Encoding.ASCII.GetBytes(parts[4]));
        if (!signed || time.GetUtcNow().ToUnixTimeSeconds() >= expires)
        {
            return null;
        }
        try
        {
            return new Claim(parts[1], Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[2])), parts[3]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether a claim's tag is that of the token value hashing to <paramref name="tokenHash"/> (constant time).</summary>
    public bool TagMatches(Claim claim, byte[] tokenHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Tag(tokenHash)), Encoding.ASCII.GetBytes(claim.Tag));

    /// <summary>The signed-in session's id on this request (set by <see cref="UiAccessMiddleware"/>), or null.</summary>
    public static string? IdOf(HttpContext context) => context.Items.TryGetValue(IdKey, out var id) ? id as string : null;

    public static void SetId(HttpContext context, string id) => context.Items[IdKey] = id;

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

    private string Tag(byte[] tokenHash) => Sign("token\0" + Convert.ToHexStringLower(tokenHash))[..22];

    private string Sign(string text) => Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)));
}
