namespace Bosun.Server.Engine;

/// <summary>
/// New event ids and contexts are time-ordered UUIDs (version 7): still UUIDs to every Keptn client, but they
/// land at the end of the store's indexes instead of at random pages, which keeps each commit small.
/// </summary>
internal static class EventIds
{
    public static string New(DateTimeOffset now) => Guid.CreateVersion7(now).ToString();
}
