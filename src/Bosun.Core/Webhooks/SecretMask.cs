using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Bosun.Core.Webhooks;

/// <summary>
/// Replaces every form a secret can take in a response or an error by <c>***</c> before it is stored: the raw value,
/// JSON-escaped (as .NET and Go escape it, either hex case), URL-encoded (<c>%20</c> and <c>+</c>, either hex case)
/// and base64 (standard and URL-safe). The secrets are the webhook's <c>env</c> values and the request's own
/// credentials (a <c>curl -u user:secret</c> pair, and the value of any <c>Authorization</c> header), whose
/// <c>Basic</c> header is the base64 of that pair.
/// </summary>
public sealed class SecretMask
{
    public const string Replacement = "***";

    private static readonly JavaScriptEncoder Relaxed = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private readonly string[] _forms;

    public SecretMask(IEnumerable<string> secrets)
    {
        _forms = secrets.Where(s => s.Length > 0).SelectMany(Forms).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal)
            .OrderByDescending(f => f.Length).ToArray();
    }

    /// <summary>The env values, plus the credentials <paramref name="request"/> carries when given.</summary>
    public static SecretMask For(IReadOnlyDictionary<string, string> env, HttpRequestSpec? request = null)
    {
        var secrets = new List<string>(env.Values);
        if (request is not null)
        {
            if (request.BasicAuth is { } user)
            {
                secrets.Add(user);
                secrets.Add(user.Contains(':', StringComparison.Ordinal) ? user[(user.IndexOf(':', StringComparison.Ordinal) + 1)..] : user);
                secrets.Add(user.Contains(':', StringComparison.Ordinal) ? user : user + ":");
            }
            foreach (var (name, value) in request.Headers)
            {
                if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase))
                {
                    secrets.Add(value);
                    var space = value.IndexOf(' ', StringComparison.Ordinal);
                    if (space > 0 && space < value.Length - 1)
                    {
                        secrets.Add(value[(space + 1)..].Trim());
                    }
                }
            }
        }
        return new SecretMask(secrets);
    }

    public string Apply(string text)
    {
        if (_forms.Length == 0 || text.Length == 0)
        {
            return text;
        }
        foreach (var form in _forms)
        {
            if (text.Contains(form, StringComparison.Ordinal))
            {
                text = text.Replace(form, Replacement, StringComparison.Ordinal);
            }
        }
        return text;
    }

    private static IEnumerable<string> Forms(string secret)
    {
        yield return secret;
        var strict = JsonEncodedText.Encode(secret).ToString();
        var relaxed = JsonEncodedText.Encode(secret, Relaxed).ToString();
        foreach (var json in new[] { strict, relaxed, GoJson(secret) })
        {
            yield return json;
            yield return LowerHexEscapes(json, "\\u");
        }
        var escaped = Uri.EscapeDataString(secret);
        yield return escaped;
        yield return LowerHexEscapes(escaped, "%");
        var form = WebUtility.UrlEncode(secret);
        yield return form;
        yield return LowerHexEscapes(form, "%");
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        yield return base64;
        yield return base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Go's encoding/json: <c>"</c> and <c>\</c> escaped by backslash, <c>&lt; &gt; &amp;</c> and U+2028/9 as <c>\u00XX</c>, other non-ASCII kept.</summary>
    private static string GoJson(string secret)
    {
        var text = new StringBuilder(secret.Length + 8);
        foreach (var c in secret)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return text.ToString();
    }

    /// <summary>The same text with the hex digits after each <paramref name="marker"/> in lower case.</summary>
    private static string LowerHexEscapes(string text, string marker)
    {
        var length = marker == "%" ? 2 : 4;
        var result = new StringBuilder(text);
        for (var i = text.IndexOf(marker, StringComparison.Ordinal); i >= 0 && i + marker.Length + length <= text.Length; i = text.IndexOf(marker, i + 1, StringComparison.Ordinal))
        {
            for (var j = i + marker.Length; j < i + marker.Length + length; j++)
            {
                result[j] = char.ToLowerInvariant(text[j]);
            }
        }
        return result.ToString();
    }
}
