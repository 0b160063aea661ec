namespace Bosun.Core.Evaluation;

/// <summary>An SLI value as providers report it (<c>get-sli.finished</c> <c>indicatorValues[]</c>).</summary>
public sealed record SliValue(string Metric, double Value, bool Success, string? Message = null);

/// <summary>A previous evaluation's id and its SLI values, for relative criteria (spec §6.3).</summary>
public sealed record PreviousEvaluation(string EventId, IReadOnlyList<SliValue> Values);

/// <summary>One criterion's outcome: <c>{criteria, targetValue, violated}</c>.</summary>
public sealed record TargetResult(string Criteria, double TargetValue, bool Violated);

/// <summary>One objective's outcome (spec §6.6 <c>indicatorResults[]</c>).</summary>
public sealed record IndicatorResult(
    double Score,
    SliValue Value,
    double ComparedValue,
    string DisplayName,
    IReadOnlyList<TargetResult> PassTargets,
    IReadOnlyList<TargetResult> WarningTargets,
    bool KeySli,
    string Status);

/// <summary>A whole evaluation: result (pass/warning/fail), score in percent, message, and the objectives' outcomes.</summary>
public sealed record EvaluationOutcome(
    string Result,
    double Score,
    string Message,
    IReadOnlyList<IndicatorResult>? IndicatorResults,
    double MaxScore,
    bool Errored = false);
