using System.Text;

namespace Bosun.Core.Events;

/// <summary>The <c>shkeptncontext</c> rules of Keptn's API: keep a UUID, derive one from any other string.</summary>
public static class KeptnContextId
{
    /// <summary>
    /// Returns <paramref name="given"/> when it is a UUID (normalised to lower case), a UUID made from the first
    /// 16 bytes of the string (padded with spaces) when it is not, and <paramref name="newId"/>() when it is empty.
    /// Like Keptn, two strings sharing their first 16 bytes map to the same context.
    /// </summary>
    public static string Resolve(string? given, Func<string> newId)
    {
        if (string.IsNullOrEmpty(given))
        {
            return newId();
        }
        if (Guid.TryParseExact(given, "D", out var parsed))
        {
            return parsed.ToString("D");
        }
        var bytes = Encoding.UTF8.GetBytes(given);
        var buffer = new byte[16];
        Array.Fill(buffer, (byte)' ');
        Array.Copy(bytes, buffer, Math.Min(16, bytes.Length));
        return new Guid(buffer, bigEndian: true).ToString("D");
    }
}
