using Bosun.Core.Evaluation;

namespace Bosun.Server.Ui;

/// <summary>
/// A service's evaluations in one stage: a page of them as heatmap columns (oldest on the left), the score row and a
/// row per SLI, the score chart's lines, and the selected column's explain table.
/// </summary>
public sealed record EvaluationsView(
    string Project,
    string Service,
    IReadOnlyList<string> Stages,
    EvaluationFilter Filter,
    IReadOnlyList<EvaluationColumn> Columns,
    IReadOnlyList<HeatmapRow> Rows,
    int Total,
    ScoreLines Lines,
    EvaluationColumn? Selected,
    IReadOnlyList<ExplainRow> Explain)
{
    public bool HasOlder => Filter.Offset + Columns.Count < Total;
}

/// <summary>
/// One <c>evaluation.finished</c>: when, of which version (<c>labels.version</c>, else <c>labels.buildId</c>), its
/// result and score, the evaluations it was compared with, whether the selected one was compared with it, and the
/// reason it was invalidated, if it was.
/// </summary>
public sealed record EvaluationColumn(
    string EventId,
    string KeptnContext,
    DateTimeOffset Time,
    string? Version,
    string Result,
    double? Score,
    IReadOnlyList<string> ComparedEvents,
    bool ComparedWithSelected,
    string? Invalidated,
    string WindowStart,
    string WindowEnd)
{
    /// <summary>The x-axis label: the version, else the time it finished.</summary>
    public string Label => Version ?? Time.UtcDateTime.ToString("MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A heatmap row: the score (first), or an SLI with its display name; a cell per column, null where it has no value.</summary>
public sealed record HeatmapRow(string Name, bool KeySli, IReadOnlyList<HeatmapCell?> Cells);

/// <summary>A cell: its status (pass, warning, fail, info) said in words as well as colour, the value, and the tooltip.</summary>
public sealed record HeatmapCell(string Status, string Text, string Tooltip);

/// <summary>The total score's pass and warning lines (percent) from the newest evaluation's slo.yaml; null when not known.</summary>
public sealed record ScoreLines(double? Pass, double? Warning);
