using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests;

/// <summary>docs/operations.md, "Memory": the runtime settings the built CLI, the launcher and the image run the server with.</summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void TheServer_RunsTheWorkstationCollector_WithoutTieredPgo()
    {
        var file = Path.ChangeExtension(RepositoryPaths.BosunBinary, "runtimeconfig.json");
        var settings = JsonNode.Parse(File.ReadAllText(file))!["runtimeOptions"]!["configProperties"]!;
        // The server collector cut (f)'s pauses but grew the soak's RSS 11.9% past its warm-up (limit 10%).
        Assert.Null(settings["System.GC.Server"]);
        Assert.False(settings["System.Runtime.TieredPGO"]!.GetValue<bool>());
    }
}
