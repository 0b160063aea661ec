using Bosun.Core.Shipyard;

namespace Bosun.Core.Tests.Shipyard;

/// <summary>One validator for project, stage, service names (Keptn's rule and lengths) and resource URIs.</summary>
public sealed class EntityNameTests
{
    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("%2e%2e")]
    [InlineData("a/b")]
    [InlineData("Dev")]
    [InlineData("dev\n")]
    [InlineData("")]
    public void BadNames_AreRefused(string name)
    {
        Assert.NotNull(EntityName.CheckProject("project", name));
        Assert.NotNull(EntityName.CheckStage("stage", name));
        Assert.NotNull(EntityName.CheckService("service", name));
    }

    [Fact]
    public void Lengths_AreKeptns()
    {
        Assert.Null(EntityName.CheckService("service", new string('a', 43)));
        Assert.Contains("43", EntityName.CheckService("service", new string('a', 44)));
        Assert.Null(EntityName.CheckStage("stage", new string('a', 63)));
        Assert.Contains("63", EntityName.CheckStage("stage", new string('a', 10_000)));
        Assert.Contains("200", EntityName.CheckProject("project", new string('a', 201)));
    }

    [Fact]
    public void Messages_QuoteLongNamesShortly() =>
        Assert.True(EntityName.CheckStage("stage", new string('a', 10_000))!.Length < 200);

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("a/../b")]
    [InlineData("./a")]
    [InlineData("a//b")]
    [InlineData("a/.")]
    [InlineData("a/%2e%2e")]
    [InlineData("a\\b")]
    [InlineData("a b")]
    [InlineData("a\0b")]
    public void BadResourceUris_AreRefused(string uri) => Assert.NotNull(EntityName.CheckResourceUri("resourceURI", uri));

    [Theory]
    [InlineData("shipyard.yaml")]
    [InlineData("webhook/webhook.yaml")]
    [InlineData("helm/carts/values_v1.2-rc.yaml")]
    [InlineData(".hidden")]
    public void ResourceUris_Pass(string uri) => Assert.Null(EntityName.CheckResourceUri("resourceURI", uri));
}
