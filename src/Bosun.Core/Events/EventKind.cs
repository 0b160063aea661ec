namespace Bosun.Core.Events;

/// <summary>The last segment(s) of a Keptn event type.</summary>
public enum EventKind
{
    Triggered,
    Started,
    StatusChanged,
    Finished,
    Invalidated,
    Unknown,
}
