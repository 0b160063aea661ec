namespace Bosun.Core.Dora;

/// <summary>
/// One sequence execution of a stage as the DORA figures read it: when its delivery passed (null: it did not
/// deliver), when a later task of it failed, whether it is a rollback or remediation, how it ended, and what the
/// change's commit time is known to be.
/// </summary>
/// <param name="DeliveredAt">The <c>deliver</c> (or <c>deployment</c>) task's <c>.finished</c> with pass or warning.</param>
/// <param name="FailedAt">The first task after the delivery that finished with fail: a failed quality gate, say.</param>
/// <param name="Remediation">A <c>rollback</c> or <c>remediation</c> sequence (DORA: a failure detected in production).</param>
/// <param name="EndedAt">When the execution finished, if it did.</param>
/// <param name="CommitTime">The change's commit time and where it came from, when known for this run.</param>
public sealed record DoraRun(
    string KeptnContext,
    string Service,
    DateTimeOffset TriggeredAt,
    string? Version,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? FailedAt,
    bool Remediation,
    DateTimeOffset? EndedAt,
    string? Result,
    CommitTime? CommitTime = null);

/// <summary>A change's commit time and its source: <see cref="ArgoCd"/>, <see cref="Label"/> or <see cref="FirstStage"/>.</summary>
public sealed record CommitTime(DateTimeOffset Time, string Source)
{
    /// <summary>The Argo CD revision's commit date (<c>…/revisions/{rev}/metadata</c>).</summary>
    public const string ArgoCd = "argocd";

    /// <summary>The trigger's <c>data.labels.commitTime</c> (RFC 3339).</summary>
    public const string Label = "label";

    /// <summary>When the version first entered the project's first stage.</summary>
    public const string FirstStage = "firstStage";
}
