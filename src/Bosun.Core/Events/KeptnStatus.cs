namespace Bosun.Core.Events;

/// <summary>The <c>data.status</c> values: could the executor run the task.</summary>
public static class KeptnStatus
{
    public const string Succeeded = "succeeded";
    public const string Errored = "errored";
    public const string Aborted = "aborted";
    public const string Unknown = "unknown";
}
