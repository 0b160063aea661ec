using System.Diagnostics;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Storage.Sqlite;

namespace Bosun.Benchmarks;

/// <summary>(a) Durable single-event inserts, one transaction each, with the server's SQLite settings: the disk's limit.</summary>
internal static class RawInsertScenario
{
    public static double Run(BenchSettings settings)
    {
        var dir = Path.Combine(Path.GetTempPath(), "bosun-raw-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            using var store = SqliteStore.Open(Path.Combine(dir, "bosun.db"));
            var now = TimeProvider.System.GetUtcNow();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < settings.RawInserts; i++)
            {
                using var batch = store.BeginWrite();
                batch.InsertEvent(new KeptnEvent(Guid.NewGuid().ToString(), "bench", "sh.keptn.log.error", Guid.NewGuid().ToString(), null, now,
                    new JsonObject { ["project"] = "bench", ["message"] = "raw insert " + i }));
                batch.Commit();
            }
            return settings.RawInserts / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
