namespace Bosun.Core.Dora;

/// <summary>The four DORA figures of a stage (and maybe one service) over a time range (DESIGN §7).</summary>
public sealed record DoraFigures(
    DeploymentFrequency DeploymentFrequency,
    LeadTimeForChanges LeadTimeForChanges,
    ChangeFailureRate ChangeFailureRate,
    RecoveryTime FailedDeploymentRecoveryTime);

/// <summary>Passing deliveries in the range, and per day of it.</summary>
public sealed record DeploymentFrequency(int Deployments, double PerDay);

/// <summary>The median of delivery time minus commit time (null without samples), how many, and the commit times' source (or "mixed").</summary>
public sealed record LeadTimeForChanges(double? MedianSeconds, int Samples, string? Source);

/// <summary>Deployments that failed, of all, and the ratio (null without deployments).</summary>
public sealed record ChangeFailureRate(int Failed, int Deployments, double? Rate);

/// <summary>The median time from a failure's detection to its recovery (null without samples), and how many recovered.</summary>
public sealed record RecoveryTime(double? MedianSeconds, int Samples);
