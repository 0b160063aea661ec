using Bosun.Core.Events;
using Bosun.Core.Sequences;

namespace Bosun.Server.Workers;

/// <summary>
/// What one writer transaction did, read once it committed: by the metrics and by the spans of sequences and tasks
/// that ended in it (DESIGN §7). The executions are the engine's own; they are read on the writer before its next batch.
/// </summary>
internal sealed class CommitFacts
{
    /// <summary>Events stored in this transaction, for metrics and the outbox dispatcher once it commits.</summary>
    public List<KeptnEvent> Stored { get; } = [];

    /// <summary>Executions that began in this transaction.</summary>
    public List<SequenceExecution> Started { get; } = [];

    /// <summary>Executions that ended in this transaction.</summary>
    public List<SequenceExecution> Ended { get; } = [];

    /// <summary>Tasks whose executors all answered (or that timed out) in this transaction, with their execution.</summary>
    public List<(SequenceExecution Execution, CompletedTask Task)> Completed { get; } = [];

    /// <summary>How long each execution whose first task was sent in this transaction had waited in its queue.</summary>
    public List<TimeSpan> QueueWaits { get; } = [];
}
