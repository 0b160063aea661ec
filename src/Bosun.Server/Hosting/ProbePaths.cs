namespace Bosun.Server.Hosting;

/// <summary>The paths probes and scrapers call: <c>/health</c>, <c>/ready</c>, <c>/metrics</c> (they carry no token and read no copies).</summary>
internal static class ProbePaths
{
    public static bool Matches(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/ready") || path.StartsWithSegments("/metrics");
}
