namespace Bosun.Core.Sequences;

/// <summary>The execution states of spec §3.9.</summary>
public enum SequenceState
{
    Triggered,
    Started,
    Waiting,
    WaitingForApproval,
    Paused,
    Finished,
    Aborted,
    TimedOut,
}
