namespace Bosun.Integrations.ArgoCd;

/// <summary>What one delivery has done so far; the rest is read from the app each time (so a restart loses nothing).</summary>
public sealed class DeliveryProgress
{
    /// <summary>Syncs this process requested for the delivery.</summary>
    public int Syncs { get; set; }

    /// <summary>The app's resource version in the answer to Bosun's last sync: older reads predate it.</summary>
    public long SubmittedVersion { get; set; }

    /// <summary>When the app was first seen <c>Degraded</c> after the sync, for the grace period.</summary>
    public DateTimeOffset? DegradedSince { get; set; }

    /// <summary>Why the delivery is waiting, for the timeout message.</summary>
    public string LastReason { get; set; } = "not started";
}
