namespace Bosun.Storage;

/// <summary>
/// A sequence execution's few facts the DORA figures read, kept in columns as it is saved (so reading 10,000 never
/// parses their JSON): its scope and name, when it was triggered, its version and commit-time labels (and where the time came from), when its
/// delivery passed and a later task failed (<see cref="Core.Sequences.DeliveryFacts"/>), and how it ended.
/// </summary>
public sealed record SequenceFacts(
    string KeptnContext,
    string Service,
    string Sequence,
    DateTimeOffset TriggeredAt,
    string? Version,
    string? CommitTime,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? FailedAt,
    DateTimeOffset? FinishedAt,
    string? Result,
    string? CommitTimeSource = null)
{
    /// <summary>The facts of an execution, as a row saved before the columns existed is read.</summary>
    public static SequenceFacts Of(Core.Sequences.SequenceExecution execution)
    {
        var (delivered, failed) = Core.Sequences.DeliveryFacts.Of(execution);
        return new(execution.KeptnContext, execution.Service, execution.Sequence, execution.TriggeredAt, execution.Version,
            Core.Events.JsonObjectExtensions.GetPath(execution.InputData, "labels.commitTime"), delivered, failed, execution.FinishedAt, execution.Result,
            Core.Events.JsonObjectExtensions.GetPath(execution.InputData, "labels.commitTimeSource"));
    }

    /// <summary>The facts as the columns hold them; the version and commit time from the encoded labels.</summary>
    internal static SequenceFacts FromColumns(string context, string service, string name, long triggeredAt, string labels, long? delivered, long? failed, long? finished, string? result) =>
        new(context, service, name, StoredValues.FromMs(triggeredAt), SequenceLabels.Value(labels, "version"), SequenceLabels.Value(labels, "commitTime"),
            delivered is { } d ? StoredValues.FromMs(d) : null, failed is { } f ? StoredValues.FromMs(f) : null, finished is { } e ? StoredValues.FromMs(e) : null, result,
            SequenceLabels.Value(labels, "commitTimeSource"));
}
