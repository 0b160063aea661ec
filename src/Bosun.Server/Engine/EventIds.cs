namespace Bosun.Server.Engine;

/// <summary>
/// New event ids and contexts are time-ordered UUIDs (version 7): still UUIDs to every Keptn client, but they
/// land at the end of the store's indexes instead of at random pages, which keeps each commit small.
/// </summary>
internal static class EventIds
{
    public static string New(DateTimeOffset now) => Guid.CreateVersion7(now).ToString();

    /// <summary>
    /// The same UUID for the same seed (version 8, from SHA-256): a built-in integration that answers a task after a
    /// restart sends the answer it may already have sent, and the event store accepts that id once.
    /// </summary>
    public static string Derived(string seed)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString();
    }
}
