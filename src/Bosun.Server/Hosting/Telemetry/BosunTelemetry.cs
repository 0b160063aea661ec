using System.Diagnostics;

namespace Bosun.Server.Hosting.Telemetry;

/// <summary>The names Bosun's own spans and instruments are published under (DESIGN §7).</summary>
internal static class BosunTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/> name.</summary>
    public const string Name = "Bosun";

    public static readonly ActivitySource Source = new(Name, BosunVersion.Current);
}
