namespace Bosun.Core.Webhooks;

/// <summary>
/// RFC 9110 §5.1/§5.5 for headers Bosun sends: a name is a token, a value holds no CR, LF, NUL or other control
/// character but tab. Rendered event data reaches headers, so a label holding CR/LF must not add a header or a request.
/// </summary>
public static class HttpHeaderRules
{
    /// <summary>Null when the header may be sent; else a message naming it (never its value, which may hold a secret).</summary>
    public static string? Check(string name, string value)
    {
        if (name.Length == 0)
        {
            return "a header has an empty name";
        }
        foreach (var c in name)
        {
            if (!IsTokenChar(c))
            {
                return $"the header name '{Shipyard.EntityName.Quote(name)}' is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~ only)";
            }
        }
        foreach (var c in value)
        {
            if (c is '\r' or '\n' or '\0' || c < ' ' && c != '\t' || c == '\u007f')
            {
                return $"the value of the header '{name}' holds a control character (CR, LF, NUL or another): refused";
            }
        }
        return null;
    }

    /// <exception cref="WebhookException">The header may not be sent.</exception>
    public static void Ensure(string name, string value)
    {
        if (Check(name, value) is { } error)
        {
            throw new WebhookException(error);
        }
    }

    private static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
