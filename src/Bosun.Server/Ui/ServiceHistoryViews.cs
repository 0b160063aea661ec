namespace Bosun.Server.Ui;

/// <summary>
/// A service's deliveries by version across the stages, newest first: the versions still current (deployed somewhere,
/// running, or newer than every deployed one) apart from the superseded ones (a newer version was deployed since), of
/// which the newest <see cref="ServiceHistoryData.SupersededShown"/> are shown and the rest counted.
/// </summary>
public sealed record ServiceHistoryView(
    string Project,
    string Service,
    IReadOnlyList<string> Stages,
    IReadOnlyList<VersionRow> Current,
    IReadOnlyList<VersionRow> Superseded,
    int SupersededNotShown,
    int Unversioned,
    bool Truncated);

/// <summary>A version, when it first arrived, and a cell per stage (null where it never went).</summary>
public sealed record VersionRow(string Version, DateTimeOffset FirstSeen, IReadOnlyList<HistoryCell?> Cells);

/// <summary>The newest sequence of a version in a stage, how many ran there, and whether the stage runs that version now.</summary>
public sealed record HistoryCell(string Stage, SequenceSummary Latest, string? Result, int Runs, bool DeployedNow);
