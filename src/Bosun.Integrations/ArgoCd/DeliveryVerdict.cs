namespace Bosun.Integrations.ArgoCd;

/// <summary>What a delivery does next, and why (the reason becomes the task's message).</summary>
public sealed record DeliveryVerdict(DeliveryStep Step, string Reason)
{
    public static DeliveryVerdict Wait(string reason) => new(DeliveryStep.Wait, reason);
}

public enum DeliveryStep
{
    /// <summary>Nothing to do until the app changes.</summary>
    Wait,

    /// <summary>Start a sync (no operation runs and none of the app's state answers the delivery).</summary>
    Sync,

    /// <summary>Done: the wanted revision is Synced and Healthy after the operation finished.</summary>
    Succeeded,

    /// <summary>The operation failed, or the app stayed Degraded past the grace period.</summary>
    Failed,
}
