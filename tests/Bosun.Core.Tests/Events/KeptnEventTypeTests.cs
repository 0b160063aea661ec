using Bosun.Core.Events;

namespace Bosun.Core.Tests.Events;

public class KeptnEventTypeTests
{
    [Theory]
    [InlineData("sh.keptn.event.deployment.triggered", "deployment", EventKind.Triggered)]
    [InlineData("sh.keptn.event.deliver.finished", "deliver", EventKind.Finished)]
    [InlineData("sh.keptn.event.get-sli.started", "get-sli", EventKind.Started)]
    [InlineData("sh.keptn.event.evaluation.invalidated", "evaluation", EventKind.Invalidated)]
    public void Parse_FivePartType_IsTaskEvent(string type, string task, EventKind kind)
    {
        var parsed = KeptnEventType.Parse(type);
        Assert.True(parsed.IsTask);
        Assert.Equal(task, parsed.Name);
        Assert.Equal(kind, parsed.Kind);
    }

    [Fact]
    public void Parse_SixPartType_IsSequenceEventWithStage()
    {
        var parsed = KeptnEventType.Parse("sh.keptn.event.dev.kickoff.triggered");
        Assert.True(parsed.IsSequence);
        Assert.Equal("dev", parsed.Stage);
        Assert.Equal("kickoff", parsed.Name);
        Assert.Equal(EventKind.Triggered, parsed.Kind);
    }

    [Fact]
    public void Parse_StatusChanged_IsSequenceShapedWithKindChanged_AsInKeptn()
    {
        var parsed = KeptnEventType.Parse("sh.keptn.event.deployment.status.changed");
        Assert.True(parsed.IsSequence);
        Assert.Equal("changed", parsed.KindText);
    }

    [Theory]
    [InlineData("sh.keptn.log.error")]
    [InlineData("com.example.thing")]
    [InlineData("sh.keptn.event..triggered")]
    [InlineData("sh.keptn.event.a.b.c.d")]
    public void Parse_OtherShapes_AreNotKeptnTaskOrSequenceEvents(string type) =>
        Assert.False(KeptnEventType.Parse(type).IsKeptnEvent);

    [Fact]
    public void Parse_PastTheBoundOfRememberedTypes_StillParsesEachType()
    {
        // A client may send endless new types: past the remembered ones, each is parsed on its own, and correctly.
        for (var i = 0; i < 5000; i++)
        {
            var parsed = KeptnEventType.Parse($"sh.keptn.event.task{i}.finished");
            Assert.Equal($"task{i}", parsed.Name);
            Assert.Equal(EventKind.Finished, parsed.Kind);
        }
    }
}
