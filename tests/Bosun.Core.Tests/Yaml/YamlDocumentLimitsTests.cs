using Bosun.Core.Evaluation;
using Bosun.Core.Monitoring;
using Bosun.Core.Remediation;
using Bosun.Core.Shipyard;
using Bosun.Core.Webhooks;
using Bosun.Core.Yaml;
using Bosun.TestKit;

namespace Bosun.Core.Tests.Yaml;

/// <summary>YAML is read within a node budget that counts alias copies, a depth and a size limit, for every Keptn file.</summary>
public sealed class YamlDocumentLimitsTests
{
    private static string Bomb(string prefix = "") => HostileYaml.Bomb(prefix);

    [Fact]
    public void AliasBomb_IsRefused_NamingTheBudget()
    {
        var e = Assert.Throws<YamlFormatException>(() => YamlDocument.Parse(Bomb()));
        Assert.Contains($"limit of {YamlLimits.Default.MaxNodes} nodes", e.Message);
    }

    [Fact]
    public void Aliases_WithinTheBudget_AreCopied()
    {
        var doc = YamlDocument.Parse("base: &b {a: 1, b: [x, y]}\ncopy: *b\nkey: &k name\nother: *k\n")!;
        Assert.Equal(doc["base"]!.ToJsonString(), doc["copy"]!.ToJsonString());
        Assert.Equal("name", doc["other"]!.ToString());
    }

    [Fact]
    public void DeepNesting_IsRefused_NamingTheLimit()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        Assert.Contains($"limit of {YamlLimits.Default.MaxDepth} levels", Assert.Throws<YamlFormatException>(() => YamlDocument.Parse(deep)).Message);
        var deepMaps = string.Concat(Enumerable.Range(0, 500).Select(i => new string(' ', i) + "k:\n"));
        Assert.Contains("levels", Assert.Throws<YamlFormatException>(() => YamlDocument.Parse(deepMaps)).Message);
    }

    [Fact]
    public void OversizeText_IsRefused_BeforeParsing() =>
        Assert.Contains("characters", Assert.Throws<YamlFormatException>(() => YamlDocument.Parse(new string('#', YamlLimits.Default.MaxChars + 1))).Message);

    [Fact]
    public void SelfReferencingAlias_IsRefused() =>
        Assert.Contains("*a", Assert.Throws<YamlFormatException>(() => YamlDocument.Parse("a: &a [1, *a]\n")).Message);

    [Fact]
    public void UnknownAlias_IsRefused() =>
        Assert.Contains("no anchor", Assert.Throws<YamlFormatException>(() => YamlDocument.Parse("a: *nowhere\n")).Message);

    [Fact]
    public void EveryKeptnFileParser_RefusesTheBomb_NamingItsFile()
    {
        Assert.StartsWith("shipyard", Assert.Throws<ShipyardException>(() => ShipyardParser.Parse(Bomb("apiVersion: spec.keptn.sh/0.2.4\nkind: Shipyard\n"))).Message);
        Assert.StartsWith("slo.yaml", Assert.Throws<SloException>(() => SloFile.Parse(Bomb())).Message);
        Assert.StartsWith("prometheus/sli.yaml", Assert.Throws<SloException>(() => SliFile.Parse(Bomb(), "stage dev")).Message);
        Assert.StartsWith("remediation.yaml", Assert.Throws<RemediationException>(() => RemediationFile.Parse(Bomb())).Message);
        Assert.StartsWith("webhook.yaml", Assert.Throws<WebhookException>(() => WebhookConfig.Parse(Bomb())).Message);
    }

    [Fact]
    public void OnlyTheFirstDocument_IsRead() =>
        Assert.Equal("1", YamlDocument.Parse("a: 1\n---\nb: [unclosed\n")!["a"]!.ToString());

    [Theory]
    [InlineData("[a, b]: 1\n")]
    [InlineData("? {a: 1}\n: 2\n")]
    public void NonScalarKeys_AreRefused(string yaml) =>
        Assert.Contains("keys must be scalars", Assert.Throws<YamlFormatException>(() => YamlDocument.Parse(yaml)).Message);

    /// <summary>Found by eng/fuzz.sh: YamlDotNet throws InvalidOperationException or ArgumentException on these.</summary>
    [Theory]
    [InlineData("...\0")]
    [InlineData("\r\r...\r.")]
    [InlineData("\r:\r[\r\u0005")]
    [InlineData("!!_]f!_!_")]
    public void MalformedText_YamlDotNetChokesOn_IsInvalidYaml(string yaml) =>
        Assert.StartsWith("invalid YAML", Assert.Throws<YamlFormatException>(() => YamlDocument.Parse(yaml)).Message);
}
