using System.Reflection;

namespace Bosun.Server.Hosting;

internal static class BosunVersion
{
    /// <summary>The Keptn release whose API Bosun follows.</summary>
    public const string KeptnCompatible = "1.4.5";

    public static string Current { get; } =
        typeof(BosunVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
