using Bosun.Core.Monitoring;
using Bosun.Core.Shipyard;

namespace Bosun.Core.Tests.Monitoring;

/// <summary>/metrics label values are escaped as the text format requires and bounded to what shipyards define.</summary>
public sealed class MetricLabelsTests
{
    private static readonly ShipyardSpec Shipyard = ShipyardParser.Parse("""
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: {name: s}
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks: [{name: deliver}, {name: test}]
        """);

    [Theory]
    [InlineData("sh.keptn.event.dev.delivery.triggered")]
    [InlineData("sh.keptn.event.deliver.finished")]
    [InlineData("sh.keptn.event.test.started")]
    [InlineData("sh.keptn.event.get-sli.triggered")]
    [InlineData("sh.keptn.event.dev.evaluation.triggered")]
    [InlineData("sh.keptn.log.error")]
    [InlineData("sh.keptn.event.project.create.finished")]
    public void DefinedTypes_AreTheirOwnLabel(string type) => Assert.Equal(type, MetricLabels.EventType(type, Shipyard));

    [Theory]
    [InlineData("sh.keptn.event.dev.invented1.triggered")]
    [InlineData("sh.keptn.event.prod.delivery.triggered")]
    [InlineData("sh.keptn.event.invented.finished")]
    [InlineData("sh.keptn.event.deliver.weird")]
    [InlineData("sh.keptn.event.dev.delivery\n# evil\nx.triggered")]
    [InlineData("com.example.anything")]
    public void InventedTypes_CountAsOther(string type) => Assert.Equal(MetricLabels.Other, MetricLabels.EventType(type, Shipyard));

    [Fact]
    public void UnknownProject_CountsAsOther() => Assert.Equal(MetricLabels.Other, MetricLabels.EventType("sh.keptn.event.deliver.finished", null));

    [Theory]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("a\"b", "a\\\"b")]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("plain", "plain")]
    public void LabelValues_AreEscaped(string value, string expected) => Assert.Equal(expected, MetricLabels.Escape(value));
}
