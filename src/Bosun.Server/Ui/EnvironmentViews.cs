namespace Bosun.Server.Ui;

/// <summary>The environment page of a project: stages as columns in shipyard order, one row per service (a page of them).</summary>
public sealed record EnvironmentView(
    string Project,
    IReadOnlyList<StageColumn> Stages,
    IReadOnlyList<ServiceRow> Services,
    int TotalServices,
    int Offset,
    int PageSize,
    string Filter,
    bool ProblemsOnly);

/// <summary>A stage, and its sequences that start when another ends (<c>triggeredOn</c>), as "delivery after dev.delivery".</summary>
public sealed record StageColumn(string Name, IReadOnlyList<string> TriggeredOn);

public sealed record ServiceRow(string Name, IReadOnlyList<ServiceCell> Cells)
{
    public bool HasProblem => Cells.Any(c => c.Problem);
}

/// <summary>
/// A service in a stage: the version its newest finished delivery deployed, its newest sequence, that sequence's
/// evaluation, and whether it waits for an approval or ended badly.
/// </summary>
public sealed record ServiceCell(
    string Stage,
    string? Deployed,
    SequenceSummary? Latest,
    string? LatestVersion,
    string? EvaluationResult,
    double? Score,
    bool WaitingForApproval,
    bool Problem,
    bool OpenRemediation = false,
    ArgoAppCell? App = null);

/// <summary>
/// The stage's Argo CD app for the service (the one its deliveries synced, else the one labelled <c>keptnProject</c>,
/// <c>keptnService</c>, <c>stage</c>) as the watch last saw it, with a link to it.
/// </summary>
public sealed record ArgoAppCell(string Name, string? Sync, string? Health, string? Revision, string Link);
