using System.Diagnostics;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Storage.Sqlite;

namespace Bosun.Benchmarks;

/// <summary>(a) Durable single-event inserts, one transaction each, with the server's SQLite settings: the disk's limit.</summary>
internal static class RawInsertScenario
{
    /// <returns>Inserts per second, and the p99 of one insert's durable commit in milliseconds.</returns>
    public static (double Rate, double P99) Run(BenchSettings settings)
    {
        var dir = Path.Combine(Path.GetTempPath(), "bosun-raw-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            using var store = SqliteStore.Open(Path.Combine(dir, "bosun.db"));
            var now = TimeProvider.System.GetUtcNow();
            var watch = Stopwatch.StartNew();
            var latencies = new List<double>(settings.RawInserts);
            for (var i = 0; i < settings.RawInserts; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var batch = store.BeginWrite();
                batch.InsertEvent(new KeptnEvent(Guid.NewGuid().ToString(), "bench", "sh.keptn.log.error", Guid.NewGuid().ToString(), null, now,
                    new JsonObject { ["project"] = "bench", ["message"] = "raw insert " + i }));
                batch.Commit();
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            var rate = settings.RawInserts / watch.Elapsed.TotalSeconds;
            latencies.Sort();
            return (rate, latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(0.99 * latencies.Count) - 1)]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
