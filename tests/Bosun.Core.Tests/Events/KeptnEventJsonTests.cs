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

    public static TheoryData<KeptnEvent> Events() => new()
    {
        new KeptnEvent("id-1", "argocd", "sh.keptn.event.deliver.finished", "ctx", "trig", new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.Zero),
            new JsonObject { ["project"] = "p", ["result"] = "pass" }, "abc", new JsonObject { ["argosyncid"] = "42", ["empty"] = null, ["nested"] = new JsonObject { ["a"] = new JsonArray(1, "b", null) } }),
        new KeptnEvent("id-2", "bench", "sh.keptn.event.dev.delivery.triggered", "ctx-2", null, DateTimeOffset.UnixEpoch,
            (JsonObject)JsonNode.Parse("""{"project":"p","labels":{"note":"für <b> & \"q\" \u2028 😀"},"n":1.5e3,"t":true,"x":null}""")!),
        new KeptnEvent("id-3", "s", "other.type", "c", "", DateTimeOffset.UnixEpoch, [], "", new JsonObject { ["data"] = "not data", ["id"] = "not id" }),
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void ToJsonString_IsToJsonsTextToTheByte(KeptnEvent evt) =>
        Assert.Equal(KeptnEventJson.ToJson(evt).ToJsonString(), KeptnEventJson.ToJsonString(evt));

    [Theory]
    [MemberData(nameof(Events))]
    public void FromJson_OfTheText_ReadsTheEventBack_TakingTheParsedNodes(KeptnEvent evt)
    {
        var parsed = (JsonObject)JsonNode.Parse(KeptnEventJson.ToJsonString(evt))!;

        var back = KeptnEventJson.FromJson(parsed);

        Assert.Equal(KeptnEventJson.ToJsonString(evt), KeptnEventJson.ToJsonString(back));
        Assert.Null(back.Data.Parent);
        Assert.All(back.Extensions ?? [], e => Assert.Same(back.Extensions, e.Value?.Parent ?? back.Extensions));
    }
}
