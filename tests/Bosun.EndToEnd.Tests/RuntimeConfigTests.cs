using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests;

/// <summary>docs/operations.md, "Memory": the runtime settings the built CLI, the launcher and the image run the server with.</summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void TheServer_CollectsWithTheServerGarbageCollectorOnOneHeap_WithoutTieredPgo()
    {
        var file = Path.ChangeExtension(RepositoryPaths.BosunBinary, "runtimeconfig.json");
        var settings = JsonNode.Parse(File.ReadAllText(file))!["runtimeOptions"]!["configProperties"]!;
        Assert.True(settings["System.GC.Server"]!.GetValue<bool>());
        Assert.Equal(1, settings["System.GC.HeapCount"]!.GetValue<int>());
        Assert.False(settings["System.Runtime.TieredPGO"]!.GetValue<bool>());
    }
}
