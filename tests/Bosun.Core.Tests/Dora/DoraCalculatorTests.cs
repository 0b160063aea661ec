using Bosun.Core.Dora;

namespace Bosun.Core.Tests.Dora;

/// <summary>The DORA figures on a scripted history, the answers worked out by hand in the comments.</summary>
public sealed class DoraCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset H(double hours) => T0.AddHours(hours);

    private static DoraRun Deployment(string service, double deliveredAt, CommitTime? commit = null, double? failedAt = null) =>
        new("c-" + deliveredAt, service, H(deliveredAt - 0.1), "v" + deliveredAt, H(deliveredAt), failedAt is null ? null : H(failedAt.Value), false, H(deliveredAt + 0.2), failedAt is null ? "pass" : "fail", commit);

    private static DoraRun Remediation(string service, double triggeredAt, double endedAt, string result) =>
        new("r-" + triggeredAt, service, H(triggeredAt), null, null, null, true, H(endedAt), result);

    private static readonly DoraRun[] History =
    [
        Deployment("web", -5),                                                            // before the range: not counted
        Deployment("web", 1, new CommitTime(H(0.5), CommitTime.Label)),                   // D1: lead 1800 s
        Deployment("web", 10, new CommitTime(H(8), CommitTime.Label), failedAt: 10.5),    // D2: lead 7200 s; its gate failed at 10.5 h
        Remediation("web", 10.6, 11, "pass"),                                             //     the rollback ends pass at 11 h: recovered in 1800 s
        Deployment("web", 20, new CommitTime(H(18), CommitTime.FirstStage)),              // D3: lead 7200 s
        Remediation("web", 30, 31, "fail"),                                               //     a remediation at 30 h fails D3; it ends fail...
        Deployment("web", 40, new CommitTime(H(41), CommitTime.Label)),                   // D4: ...so D4 at 40 h recovers it: 36000 s; lead < 0, dropped
        Deployment("api", 50),                                                            // D5: no commit time known
        new("c-failed", "web", H(60), "v60", null, null, false, H(61), "fail"),           // a delivery that did not pass: no deployment
        Deployment("web", 300),                                                           // after the range: only a "next deployment"
    ];

    [Fact]
    public void TheFourFigures_OfAStage()
    {
        var figures = DoraCalculator.Compute(History, T0, T0.AddDays(10));
        Assert.Equal(new DeploymentFrequency(5, 0.5), figures.DeploymentFrequency);
        Assert.Equal(new LeadTimeForChanges(7200, 3, "mixed"), figures.LeadTimeForChanges);
        Assert.Equal(new ChangeFailureRate(2, 5, 0.4), figures.ChangeFailureRate);
        Assert.Equal(new RecoveryTime(18900, 2), figures.FailedDeploymentRecoveryTime);
    }

    [Fact]
    public void EachServicesSamples_GiveTheFiguresOfAllRuns()
    {
        var (from, to) = (T0, T0.AddDays(10));
        var parts = History.GroupBy(r => r.Service).Select(g => DoraCalculator.Samples([.. g], from, to)).ToList();
        Assert.Equal(2, parts.Count);
        Assert.Equal(DoraCalculator.Compute(History, from, to), DoraCalculator.Figures(parts, from, to));
        Assert.Equal(DoraCalculator.Compute([], from, to), DoraCalculator.Figures([], from, to));
    }

    [Fact]
    public void OneService_CountsOnlyItsRuns()
    {
        var figures = DoraCalculator.Compute([.. History.Where(r => r.Service == "api")], T0, T0.AddDays(10));
        Assert.Equal(new DeploymentFrequency(1, 0.1), figures.DeploymentFrequency);
        Assert.Equal(new LeadTimeForChanges(null, 0, null), figures.LeadTimeForChanges);
        Assert.Equal(new ChangeFailureRate(0, 1, 0), figures.ChangeFailureRate);
        Assert.Equal(new RecoveryTime(null, 0), figures.FailedDeploymentRecoveryTime);
    }

    [Fact]
    public void NoDeployments_HaveNoRates()
    {
        var figures = DoraCalculator.Compute([], T0, T0.AddDays(30));
        Assert.Equal(new ChangeFailureRate(0, 0, null), figures.ChangeFailureRate);
        Assert.Equal(0, figures.DeploymentFrequency.PerDay);
    }

    [Fact]
    public void AFailureNotYetRecovered_IsAFailureWithoutARecoverySample()
    {
        var figures = DoraCalculator.Compute([Deployment("web", 1, failedAt: 2)], T0, T0.AddDays(1));
        Assert.Equal(new ChangeFailureRate(1, 1, 1), figures.ChangeFailureRate);
        Assert.Equal(new RecoveryTime(null, 0), figures.FailedDeploymentRecoveryTime);
    }

    [Fact]
    public void OneSource_IsNamed()
    {
        var figures = DoraCalculator.Compute([Deployment("web", 2, new CommitTime(H(1), CommitTime.ArgoCd)), Deployment("web", 5, new CommitTime(H(1), CommitTime.ArgoCd))], T0, T0.AddDays(1));
        Assert.Equal(new LeadTimeForChanges(9000, 2, CommitTime.ArgoCd), figures.LeadTimeForChanges);
    }

    [Theory]
    [InlineData(new double[] { 3 }, 3)]
    [InlineData(new double[] { 4, 1, 3 }, 3)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 2.5)]
    public void Median_IsTheMiddle(double[] values, double median) => Assert.Equal(median, DoraCalculator.Median(values));
}
