namespace Bosun.Core.Sequences;

/// <summary>The wire names Keptn's sequence-state API uses.</summary>
public static class SequenceStateNames
{
    public static string ToWire(this SequenceState state) => state switch
    {
        SequenceState.Triggered => "triggered",
        SequenceState.Started => "started",
        SequenceState.Waiting => "waiting",
        SequenceState.WaitingForApproval => "waitingForApproval",
        SequenceState.Paused => "paused",
        SequenceState.Finished => "finished",
        SequenceState.Aborted => "aborted",
        _ => "timedOut",
    };

    public static bool IsActive(this SequenceState state) =>
        state is not (SequenceState.Finished or SequenceState.Aborted or SequenceState.TimedOut);

    /// <summary>States that hold the project/stage/service: no other context may start beside them.</summary>
    public static bool Blocks(this SequenceState state) => state == SequenceState.Started;

    /// <summary>States that wait in the FIFO queue for their scope.</summary>
    public static bool IsQueued(this SequenceState state) => state is SequenceState.Triggered or SequenceState.Waiting;
}
