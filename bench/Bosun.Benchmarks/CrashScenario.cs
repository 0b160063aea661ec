using Bosun.TestKit;

namespace Bosun.Benchmarks;

/// <summary>
/// (p) The random-crash driver at full size (the suite runs it small): 1,000 sequences over 50 services with 20
/// SIGKILLs, on SQLite and then on two PostgreSQL replicas killed in turn. Prints each run's seed, its time and what
/// it found beside the limit (nothing unfinished, doubled or missing). <c>--seed N</c> replays a run.
/// </summary>
internal static class CrashScenario
{
    public static async Task<IReadOnlyList<CrashReport>> RunAsync(string[] args)
    {
        var at = Array.IndexOf(args, "--seed");
        var seed = at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var given) ? given : Environment.TickCount;
        var settings = new CrashSettings { Seed = seed, Sequences = 1000, Services = 50, Kills = 20, Settle = TimeSpan.FromMinutes(10) };
        var reports = new List<CrashReport> { await CrashDriver.RunAsync(settings, Console.Out) };
        await using var postgres = await PostgresServer.StartAsync();
        reports.Add(await CrashDriver.RunAsync(settings with { Postgres = await postgres.CreateDatabaseAsync("crash") }, Console.Out));
        return reports;
    }
}
