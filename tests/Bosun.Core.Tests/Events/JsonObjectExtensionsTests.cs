using System.Text.Json.Nodes;
using Bosun.Core.Events;

namespace Bosun.Core.Tests.Events;

public class JsonObjectExtensionsTests
{
    private static readonly JsonObject App = JsonNode.Parse("""{"metadata":{"name":"web","labels":{"stage":"dev"},"generation":3},"status":null}""")!.AsObject();

    [Theory]
    [InlineData("metadata.name", "web")]
    [InlineData("metadata.labels.stage", "dev")]
    [InlineData("metadata.labels.missing", null)]
    [InlineData("metadata.generation", null)]
    [InlineData("status.sync.status", null)]
    [InlineData("metadata", null)]
    public void GetPath_ReadsTheStringAtADottedPath(string path, string? expected)
    {
        Assert.Equal(expected, App.GetPath(path));
        // The second read of a path takes its remembered parts: the same answer, and for another object its own.
        Assert.Equal(expected, App.GetPath(path));
        Assert.Null(new JsonObject().GetPath(path));
    }

    [Fact]
    public void GetPath_PastTheBoundOfRememberedPaths_StillReadsEachPath()
    {
        var labels = new JsonObject();
        for (var i = 0; i < 2000; i++)
        {
            labels[$"l{i}"] = $"v{i}";
        }
        var app = new JsonObject { ["labels"] = labels };
        for (var i = 0; i < 2000; i++)
        {
            Assert.Equal($"v{i}", app.GetPath($"labels.l{i}"));
        }
    }
}
