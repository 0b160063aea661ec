using System.Globalization;

namespace Bosun.Core.Evaluation;

/// <summary>
/// One SLO criterion (spec/keptn.md §6.4): <c>&lt;=600</c> is a fixed threshold; <c>&lt;=+10%</c> and <c>&gt;-5%</c>
/// compare with the aggregated previous value by a percentage; <c>&lt;=+10</c> by an absolute amount. A relative
/// criterion with no usable previous value is satisfied (target 0), as the lighthouse-service does.
/// </summary>
public sealed record Criterion(string Text, string Operator, double Value, bool IsPercent, bool IsComparison, bool Increase)
{
    private static readonly string[] Operators = ["<=", "<", "=", ">=", ">"];

    /// <exception cref="SloException">Not a criterion; the message quotes it.</exception>
    public static Criterion Parse(string text)
    {
        var compact = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
        var op = Operators.FirstOrDefault(o => compact.StartsWith(o, StringComparison.Ordinal))
            ?? throw new SloException($"criteria '{text}': no operator set");
        var rest = compact[op.Length..];
        var percent = rest.EndsWith('%');
        if (percent)
        {
            rest = rest[..^1];
        }
        var sign = rest.Length > 0 && rest[0] is '+' or '-' ? rest[0] : (char?)null;
        if (!double.TryParse(sign is null ? rest : rest[1..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            throw new SloException($"criteria '{text}' does not have a number after the operator");
        }
        return new Criterion(text, op, value, percent, percent || sign is not null, sign != '-');
    }

    /// <summary>Whether <paramref name="value"/> meets the criterion, and the target it was compared with.</summary>
    /// <param name="aggregate">The aggregated previous value, or null when there is none.</param>
    public (bool Satisfied, double Target) Evaluate(double value, double? aggregate)
    {
        if (IsComparison && aggregate is null)
        {
            return (true, 0);
        }
        var target = Target(aggregate ?? 0);
        return (Compare(value, target), target);
    }

    /// <summary>The target value for a given aggregate (a fixed criterion ignores it).</summary>
    public double Target(double aggregate)
    {
        if (!IsComparison)
        {
            return Value;
        }
        var delta = Increase ? Value : -Value;
        return IsPercent ? aggregate * (100 + delta) / 100 : aggregate + delta;
    }

    // The operator as an index into Operators, resolved once (criteria are scored far more often than parsed).
    private readonly int _op = Array.IndexOf(Operators, Operator);

    private bool Compare(double value, double target) => _op switch
    {
        0 => value <= target,
        1 => value < target,
        2 => value == target,
        3 => value >= target,
        _ => value > target,
    };
}
