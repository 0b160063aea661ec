namespace Bosun.Server.Ui;

/// <summary>A project on the projects page: its stages and services, what runs and waits, its latest sequences.</summary>
public sealed record ProjectSummary(
    string Name,
    IReadOnlyList<string> Stages,
    IReadOnlyList<string> Services,
    int Running,
    int WaitingForApproval,
    IReadOnlyList<SequenceSummary> Latest);

/// <summary>One sequence (keptnContext) as a line on a page.</summary>
public sealed record SequenceSummary(string KeptnContext, string Name, string Service, string State, DateTimeOffset Time);

/// <summary>An open approval: what waits where, for which version, since when.</summary>
public sealed record ApprovalItem(string TriggeredId, string KeptnContext, string Project, string Stage, string Service, string? Version, DateTimeOffset Since);
