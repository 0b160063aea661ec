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
    public static DoraFigures Compute(IReadOnlyList<DoraRun> runs, DateTimeOffset from, DateTimeOffset to)
    {
        var deliveries = runs.Where(r => r.DeliveredAt is not null && !r.Remediation).OrderBy(r => r.DeliveredAt).ToList();
        var remediations = runs.Where(r => r.Remediation).OrderBy(r => r.TriggeredAt).ToList();
        var deployments = deliveries.Where(r => r.DeliveredAt >= from && r.DeliveredAt < to).ToList();
        var days = Math.Max((to - from).TotalDays, 1.0 / 24);

        var leadTimes = deployments.Where(d => d.CommitTime is not null)
            .Select(d => (Seconds: (d.DeliveredAt!.Value - d.CommitTime!.Time).TotalSeconds, d.CommitTime.Source))
            .Where(l => l.Seconds > 0).ToList();
        var sources = leadTimes.Select(l => l.Source).Distinct(StringComparer.Ordinal).ToList();

        var failed = 0;
        var recoveries = new List<double>();
        foreach (var deployment in deployments)
        {
            var at = deployment.DeliveredAt!.Value;
            var next = deliveries.FirstOrDefault(d => d.Service == deployment.Service && d.DeliveredAt > at)?.DeliveredAt;
            var remediation = remediations.FirstOrDefault(r => r.Service == deployment.Service && r.TriggeredAt > at && (next is null || r.TriggeredAt < next));
            if (deployment.FailedAt is null && remediation is null)
            {
                continue;
            }
            failed++;
            var detected = deployment.FailedAt ?? remediation!.TriggeredAt;
            var redeployed = deliveries.FirstOrDefault(d => d.Service == deployment.Service && d.DeliveredAt > detected)?.DeliveredAt;
            var remediated = remediations.Where(r => r.Service == deployment.Service && r.TriggeredAt >= detected && r.Result is "pass" or "warning" && r.EndedAt is not null)
                .Select(r => r.EndedAt).Min();
            if (new[] { redeployed, remediated }.Where(t => t is not null).Min() is { } recovered)
            {
                recoveries.Add((recovered - detected).TotalSeconds);
            }
        }
        return new DoraFigures(
            new DeploymentFrequency(deployments.Count, deployments.Count / days),
            new LeadTimeForChanges(Median(leadTimes.Select(l => l.Seconds)), leadTimes.Count, sources.Count switch { 0 => null, 1 => sources[0], _ => "mixed" }),
            new ChangeFailureRate(failed, deployments.Count, deployments.Count == 0 ? null : (double)failed / deployments.Count),
            new RecoveryTime(Median(recoveries), recoveries.Count));
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
