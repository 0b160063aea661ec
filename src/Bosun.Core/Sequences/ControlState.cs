namespace Bosun.Core.Sequences;

/// <summary>The <c>state</c> of a sequence control request (spec §3.8).</summary>
public enum ControlState
{
    Pause,
    Resume,
    Abort,
}
