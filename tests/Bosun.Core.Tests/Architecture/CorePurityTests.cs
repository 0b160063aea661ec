using Bosun.Core.Sequences;

namespace Bosun.Core.Tests.Architecture;

/// <summary>Core stays pure: no web, HTTP, database, CloudEvents SDK or logging reference (STYLE.md).</summary>
public class CorePurityTests
{
    private static readonly string[] Banned =
    [
        "Microsoft.AspNetCore", "System.Net.Http", "System.Data", "Microsoft.Data", "Npgsql", "CloudNative.CloudEvents",
        "Microsoft.Extensions.Logging", "Microsoft.Extensions.Hosting",
    ];

    [Fact]
    public void CoreAssembly_ReferencesNoIoFrameworks()
    {
        var references = typeof(SequenceEngine).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var offending = references.Where(r => Banned.Any(b => r.StartsWith(b, StringComparison.Ordinal))).ToList();
        Assert.Empty(offending);
    }
}
