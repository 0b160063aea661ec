using Bosun.EndToEnd.Tests.Replicas;
using Bosun.TestKit;
using Xunit.Abstractions;

namespace Bosun.EndToEnd.Tests;

/// <summary>
/// The random-crash driver, small (the benchmark runs it large: <c>--crash</c>): sequences mixing automatic approvals,
/// Argo CD deliveries, an outside executor, webhook tasks and evaluations, with the server SIGKILLed ten times at
/// moments drawn from a seed. <c>BOSUN_CRASH_SEED</c> replays a seed printed by a failed run.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RandomCrashTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static CrashSettings Small => new()
    {
        Sequences = int.TryParse(Environment.GetEnvironmentVariable("BOSUN_CRASH_SEQUENCES"), out var n) ? n : 60,
        Kills = int.TryParse(Environment.GetEnvironmentVariable("BOSUN_CRASH_KILLS"), out var k) ? k : 10,
        Seed = int.TryParse(Environment.GetEnvironmentVariable("BOSUN_CRASH_SEED"), out var seed) ? seed : Environment.TickCount,
        Services = 10,
        Settle = TimeSpan.FromMinutes(int.TryParse(Environment.GetEnvironmentVariable("BOSUN_CRASH_SETTLE_MINUTES"), out var m) ? m : 3),
    };

    [Fact]
    public async Task OnSqlite_TenRandomKills_LoseAndDoubleNothing()
    {
        var report = await CrashDriver.RunAsync(Small, new TestOutputWriter(output));
        output.WriteLine(report.ToString());
        Assert.True(report.Kept, report.ToString());
        Assert.Equal((Small.Sequences, Small.Kills), (report.Acknowledged, report.Kills));
    }

    [Fact]
    public async Task OnPostgres_TwoReplicasKilledInTurn_LoseAndDoubleNothing()
    {
        var report = await CrashDriver.RunAsync(Small with { Postgres = await postgres.Server.CreateDatabaseAsync("crash") }, new TestOutputWriter(output));
        output.WriteLine(report.ToString());
        Assert.True(report.Kept, report.ToString());
        Assert.Equal((Small.Sequences, Small.Kills), (report.Acknowledged, report.Kills));
    }

    [Fact]
    public async Task OnPostgres_RestartedUnderLoad_WithReplicasKilledToo_LosesAndDoublesNothing()
    {
        await using var own = await PostgresServer.StartAsync();
        var settings = Small with
        {
            Postgres = await own.CreateDatabaseAsync("restart"),
            Kills = 4,
            RestartStore = async () =>
            {
                await own.StopAsync();
                // Down for a second while triggers, executor answers and deliveries keep coming (an outage, not a wait).
                await Task.Delay(TimeSpan.FromSeconds(1));
                await own.StartAgainAsync();
            },
        };
        var report = await CrashDriver.RunAsync(settings, new TestOutputWriter(output));
        output.WriteLine(report.ToString());
        Assert.True(report.Kept, report.ToString());
        Assert.Equal(settings.Sequences, report.Acknowledged);
    }
}
