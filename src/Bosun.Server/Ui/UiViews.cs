namespace Bosun.Server.Ui;

/// <summary>A project on the projects page: its stages and services, what runs, waits and failed (result fail), its latest sequences.</summary>
public sealed record ProjectSummary(
    string Name,
    IReadOnlyList<string> Stages,
    IReadOnlyList<string> Services,
    int Running,
    int WaitingForApproval,
    int Failed,
    IReadOnlyList<SequenceSummary> Latest);

/// <summary>One sequence (keptnContext) as a line on a page.</summary>
public sealed record SequenceSummary(string KeptnContext, string Name, string Service, string State, DateTimeOffset Time);

/// <summary>The approvals inbox, of every project or of one; <see cref="Total"/> counts past the page's limit.</summary>
public sealed record ApprovalInbox(string? Project, IReadOnlyList<ApprovalItem> Approvals, int Total);

/// <summary>
/// An open approval: what waits where, for which version, since when (and so how long), the version the stage runs
/// now, and the newest evaluation of its sequence.
/// </summary>
public sealed record ApprovalItem(
    string TriggeredId,
    string KeptnContext,
    string Project,
    string Stage,
    string Service,
    string? Version,
    DateTimeOffset Since,
    string? Deployed = null,
    ApprovalEvaluation? Evaluation = null,
    TimeSpan Age = default)
{
    /// <summary>How long it has waited, as a person says it: "45 s", "12 min", "3 h 5 min", "2 d 4 h".</summary>
    public string AgeText => Age switch
    {
        { TotalMinutes: < 1 } => $"{Math.Max(0, (int)Age.TotalSeconds)} s",
        { TotalHours: < 1 } => $"{(int)Age.TotalMinutes} min",
        { TotalDays: < 1 } => $"{(int)Age.TotalHours} h {Age.Minutes} min",
        _ => $"{(int)Age.TotalDays} d {Age.Hours} h",
    };
}

/// <summary>The evaluation of an approval's sequence: in which stage, its result and score.</summary>
public sealed record ApprovalEvaluation(string Stage, string Result, double? Score);

/// <summary>A secret as the secrets page lists it: its name, scope and key names, never a value.</summary>
public sealed record SecretLine(string Name, string Scope, IReadOnlyList<string> Keys);
