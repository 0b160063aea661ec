using System.Text.Json.Nodes;
using Bosun.Core.Events;

namespace Bosun.Core.Tests.Events;

public class KeptnEventJsonTests
{
    [Fact]
    public void ToJsonThenFromJson_KeepsEnvelopeDataAndExtensions()
    {
        var evt = new KeptnEvent("id-1", "argocd", "sh.keptn.event.deliver.finished", "ctx", "trig", new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.Zero),
            new JsonObject { ["project"] = "p", ["result"] = "pass" }, "abc", new JsonObject { ["argosyncid"] = "42" });
        var json = KeptnEventJson.ToJson(evt);
        Assert.Equal("2024-05-06T07:08:09.123Z", json["time"]!.GetValue<string>());
        Assert.Equal("42", json["argosyncid"]!.GetValue<string>());
        var back = KeptnEventJson.FromJson(json);
        Assert.Equal(evt.Id, back.Id);
        Assert.Equal(evt.TriggeredId, back.TriggeredId);
        Assert.Equal(evt.Time, back.Time);
        Assert.Equal("pass", back.Data.GetString("result"));
        Assert.Equal("42", back.Extensions!["argosyncid"]!.GetValue<string>());
    }
}
