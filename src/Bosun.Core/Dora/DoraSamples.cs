namespace Bosun.Core.Dora;

/// <summary>
/// What the four figures are worked out from, for some runs: their deployments, the lead-time samples and the commit
/// times' sources, the failed deployments and the recovery samples (<see cref="DoraCalculator.Samples"/>). The samples
/// of several services' runs make one stage's figures (<see cref="DoraCalculator.Figures"/>).
/// </summary>
public sealed record DoraSamples(int Deployments, IReadOnlyList<double> LeadTimes, IReadOnlyList<string> Sources, int Failed, IReadOnlyList<double> Recoveries);
