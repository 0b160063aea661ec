namespace Bosun.Core.Dora;

/// <summary>
/// The DORA figures from a stage's executions (pure: the runs are read elsewhere). A deployment is a run whose
/// delivery passed within [from, to). It failed when a later task of the same run failed, or when a rollback or
/// remediation of that service started after it and before the service's next deployment. Its recovery runs from the
/// failure's detection (the failing task's finish, else the remediation's start) to the service's next deployment, or
/// to a remediation that started since ending pass, whichever is first. Lead time is delivery minus commit time;
/// values of zero or less are dropped, as Four Keys does.
/// </summary>
public static class DoraCalculator
{
    public static DoraFigures Compute(IReadOnlyList<DoraRun> runs, DateTimeOffset from, DateTimeOffset to) => Figures([Samples(runs, from, to)], from, to);

    /// <summary>
    /// The figures of several parts' samples. Every run a deployment's figures read is of its own service, so a stage
    /// read one service at a time (<see cref="Samples"/> of each) gives the same figures as <see cref="Compute"/> of
    /// all its runs, with no more than one service's runs held at once.
    /// </summary>
    public static DoraFigures Figures(IReadOnlyList<DoraSamples> parts, DateTimeOffset from, DateTimeOffset to)
    {
        var days = Math.Max((to - from).TotalDays, 1.0 / 24);
        var deployments = parts.Sum(p => p.Deployments);
        var failed = parts.Sum(p => p.Failed);
        var leadTimes = parts.SelectMany(p => p.LeadTimes).ToList();
        var sources = parts.SelectMany(p => p.Sources).Distinct(StringComparer.Ordinal).ToList();
        var recoveries = parts.SelectMany(p => p.Recoveries).ToList();
        return new DoraFigures(
            new DeploymentFrequency(deployments, deployments / days),
            new LeadTimeForChanges(Median(leadTimes), leadTimes.Count, sources.Count switch { 0 => null, 1 => sources[0], _ => "mixed" }),
            new ChangeFailureRate(failed, deployments, deployments == 0 ? null : (double)failed / deployments),
            new RecoveryTime(Median(recoveries), recoveries.Count));
    }

    /// <summary>The counts and samples of the figures from <paramref name="runs"/>' deployments within [from, to).</summary>
    public static DoraSamples Samples(IReadOnlyList<DoraRun> runs, DateTimeOffset from, DateTimeOffset to)
    {
        // Each service's deliveries by time and remediations by start, so a deployment finds its next ones by search.
        var deliveries = runs.Where(r => r.DeliveredAt is not null && !r.Remediation).GroupBy(r => r.Service, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.DeliveredAt!.Value).Order().ToList(), StringComparer.Ordinal);
        var remediations = runs.Where(r => r.Remediation).GroupBy(r => r.Service, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.TriggeredAt).ToList(), StringComparer.Ordinal);
        var deployments = runs.Where(r => r.DeliveredAt >= from && r.DeliveredAt < to && !r.Remediation).ToList();

        var leadTimes = deployments.Where(d => d.CommitTime is not null)
            .Select(d => (Seconds: (d.DeliveredAt!.Value - d.CommitTime!.Time).TotalSeconds, d.CommitTime.Source))
            .Where(l => l.Seconds > 0).ToList();

        var failed = 0;
        var recoveries = new List<double>();
        foreach (var deployment in deployments)
        {
            var at = deployment.DeliveredAt!.Value;
            var times = deliveries[deployment.Service];
            var next = After(times, at);
            var fixes = remediations.GetValueOrDefault(deployment.Service) ?? [];
            var remediation = fixes.FirstOrDefault(r => r.TriggeredAt > at && (next is null || r.TriggeredAt < next));
            if (deployment.FailedAt is null && remediation is null)
            {
                continue;
            }
            failed++;
            var detected = deployment.FailedAt ?? remediation!.TriggeredAt;
            var redeployed = After(times, detected);
            var remediated = fixes.Where(r => r.TriggeredAt >= detected && r.Result is "pass" or "warning" && r.EndedAt is not null).Select(r => r.EndedAt).Min();
            if (new[] { redeployed, remediated }.Where(t => t is not null).Min() is { } recovered)
            {
                recoveries.Add((recovered - detected).TotalSeconds);
            }
        }
        return new DoraSamples(deployments.Count, [.. leadTimes.Select(l => l.Seconds)], [.. leadTimes.Select(l => l.Source).Distinct(StringComparer.Ordinal)], failed, recoveries);
    }

    /// <summary>The first of the sorted <paramref name="times"/> after <paramref name="at"/>, by binary search.</summary>
    private static DateTimeOffset? After(List<DateTimeOffset> times, DateTimeOffset at)
    {
        var (low, high) = (0, times.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (times[middle] <= at)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low < times.Count ? times[low] : null;
    }

    /// <summary>The middle value, or the mean of the two middle ones; null for none.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? null
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
