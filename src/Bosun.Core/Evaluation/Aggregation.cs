namespace Bosun.Core.Evaluation;

/// <summary>How previous SLI values are folded into the one value relative criteria compare with (spec §6.7 A1–A4).</summary>
public static class Aggregation
{
    /// <summary>The aggregate, or null for no values; an unknown function gives 0, as the lighthouse-service does.</summary>
    public static double? Aggregate(string function, IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        return function switch
        {
            "avg" => values.Average(),
            "p50" => Percentile(values, 50),
            "p90" => Percentile(values, 90),
            "p95" => Percentile(values, 95),
            _ => 0,
        };
    }

    /// <summary>pos = p·(n+1) over the sorted values; below the first → min, past the last → max, else interpolated.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percent)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var n = sorted.Length;
        var pos = percent / 100 * (n + 1);
        if (pos < 1)
        {
            return sorted[0];
        }
        if (pos >= n)
        {
            return sorted[n - 1];
        }
        var whole = (int)Math.Floor(pos);
        return sorted[whole - 1] + ((pos - whole) * (sorted[whole] - sorted[whole - 1]));
    }
}
