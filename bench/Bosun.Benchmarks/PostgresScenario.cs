using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Bosun.TestKit;
using Npgsql;

namespace Bosun.Benchmarks;

/// <summary>
/// Bosun on PostgreSQL (one real server started for the run, as the tests do), beside the limit measured on the same
/// server in the same run: pgbench's rate of one-row insert transactions from one client (every commit waits for its own
/// WAL flush). Then ingest, three-task sequences and trigger → first task with one replica and with two.
/// </summary>
internal static partial class PostgresScenario
{
    public sealed record Figures(int Replicas, double Ingest, double Sequences, TriggerLatencyScenario.Result Latency, double RssMiB,
        double IngestCpu, double SequencesCpu);

    public sealed record Result(double RawCommits, double RawCommits16, IReadOnlyList<Figures> Runs);

    /// <summary>
    /// Where one replica's three-task sequences spend the server's time: the run of (c) on a server with
    /// <c>pg_stat_statements</c>, then the statements by total time (<c>bench --postgres-statements</c>; not part of a run).
    /// </summary>
    public static async Task StatementsAsync(BenchSettings settings)
    {
        await using var postgres = await PostgresServer.StartAsync("shared_preload_libraries=pg_stat_statements");
        var database = await postgres.CreateDatabaseAsync("statements");
        await using var cluster = await ReplicaCluster.StartAsync(database, 1);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using (var reset = new NpgsqlCommand("CREATE EXTENSION pg_stat_statements; SELECT pg_stat_statements_reset()", connection))
        {
            await reset.ExecuteNonQueryAsync();
        }
        var sequences = await SequenceThroughputScenario.RunAsync(cluster, settings, settings.Executors);
        Console.WriteLine($"three-task sequences: {sequences:F1} /s; statements by server time:");
        Console.WriteLine($"{"calls",8} {"total ms",10} {"mean ms",8} {"rows",8}  statement");
        await using var top = new NpgsqlCommand(
            """
            SELECT calls, total_exec_time, mean_exec_time, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 140)
            FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25
            """, connection);
        await using var reader = await top.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Console.WriteLine($"{reader.GetInt64(0),8} {reader.GetDouble(1),10:F1} {reader.GetDouble(2),8:F3} {reader.GetInt64(3),8}  {reader.GetString(4)}");
        }
    }

    public static async Task<Result> RunAsync(BenchSettings settings)
    {
        await using var postgres = await PostgresServer.StartAsync();
        var seconds = settings == BenchSettings.Smoke ? 2 : 10;
        var raw = await PgbenchAsync(postgres, 1, seconds);
        var raw16 = await PgbenchAsync(postgres, 16, seconds);
        var runs = new List<Figures>();
        foreach (var count in new[] { 1, 2 })
        {
            await using var cluster = await ReplicaCluster.StartAsync(await postgres.CreateDatabaseAsync($"bench{count}"), count);
            var latency = await TriggerLatencyScenario.RunAsync(cluster, settings);
            var cpu = MachineCpu.Now();
            var ingest = await IngestScenario.RunAsync(cluster, settings);
            var ingestCpu = MachineCpu.Now().BusyPercentSince(cpu);
            cpu = MachineCpu.Now();
            var sequences = await SequenceThroughputScenario.RunAsync(cluster, settings, settings.Executors);
            var sequencesCpu = MachineCpu.Now().BusyPercentSince(cpu);
            runs.Add(new Figures(count, ingest, sequences, latency, cluster.RssMiB().Max(), ingestCpu, sequencesCpu));
        }
        return new Result(raw, raw16, runs);
    }

    /// <summary>Transactions per second of <c>pgbench</c> running a one-row insert with <paramref name="clients"/> clients.</summary>
    private static async Task<double> PgbenchAsync(PostgresServer postgres, int clients, int seconds)
    {
        var database = await postgres.CreateDatabaseAsync("raw");
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE raw_commits (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload text NOT NULL)", connection);
            await create.ExecuteNonQueryAsync();
        }
        var script = Path.Combine(Path.GetTempPath(), $"bosun-pgbench-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(script, "INSERT INTO raw_commits (payload) VALUES ('one event, one commit');\n");
        var settings = new NpgsqlConnectionStringBuilder(database);
        var info = new ProcessStartInfo(Pgbench(), ["-n", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(clients, 2).ToString(CultureInfo.InvariantCulture),
            "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", script, "-h", settings.Host!, "-p", settings.Port.ToString(CultureInfo.InvariantCulture),
            "-U", settings.Username!, settings.Database!])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        File.Delete(script);
        var match = Tps().Match(output);
        return process.ExitCode == 0 && match.Success
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"pgbench failed: {output} {errors}");
    }

    private static string Pgbench() =>
        new[] { "/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin" }.Select(d => Path.Combine(d, "pgbench")).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("pgbench is not installed (it comes with Debian's postgresql package)");

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex Tps();
}
