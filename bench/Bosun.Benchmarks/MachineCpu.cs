using System.Globalization;

namespace Bosun.Benchmarks;

/// <summary>
/// How busy the whole machine was between two readings of <c>/proc/stat</c> (every process: the driver, the servers,
/// PostgreSQL): a figure near 100% says a rate was bound by this machine's cores, not by a wait.
/// </summary>
internal readonly record struct MachineCpu(long Busy, long Total)
{
    public static MachineCpu Now()
    {
        if (!File.Exists("/proc/stat"))
        {
            return default;
        }
        // cpu user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return new MachineCpu(total - idle, total);
    }

    /// <summary>The share of the machine's CPU time that was busy since <paramref name="start"/>, in percent.</summary>
    public double BusyPercentSince(MachineCpu start) =>
        Total == start.Total ? 0 : 100.0 * (Busy - start.Busy) / (Total - start.Total);
}
