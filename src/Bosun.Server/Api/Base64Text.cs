namespace Bosun.Server.Api;

internal static class Base64Text
{
    /// <summary>Decodes standard base64; null when the text is not valid base64.</summary>
    public static byte[]? Decode(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
