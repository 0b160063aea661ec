namespace Bosun.Benchmarks;

/// <summary>Percentiles of a run's samples (nearest rank).</summary>
internal static class Samples
{
    public static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
