using Bosun.Core.Events;

namespace Bosun.Core.Sequences;

/// <summary>What one input did: the events to store and send, the executions to save, the open tasks that changed.</summary>
public sealed class EngineResult
{
    public Rejection? Rejected { get; private set; }

    /// <summary>The inbound event as it is to be stored (a resolved <c>triggeredid</c> filled in).</summary>
    public KeptnEvent? Inbound { get; set; }

    public List<KeptnEvent> Emitted { get; } = [];
    public HashSet<SequenceExecution> Changed { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Task <c>.triggered</c> events that became visible to executors.</summary>
    public List<KeptnEvent> Opened { get; } = [];

    /// <summary>Triggered ids of tasks that executors no longer see.</summary>
    public List<string> Closed { get; } = [];

    public static EngineResult Reject(int code, string message) => new() { Rejected = new Rejection(code, message) };
}
