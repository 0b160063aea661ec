using Bosun.Core.Evaluation;
using Bosun.Core.Monitoring;

namespace Bosun.Core.Tests.Monitoring;

/// <summary>SLI files and query placeholders as Keptn's prometheus-service documents them.</summary>
public sealed class SliQueryTests
{
    private static readonly SliContext Context = new("sockshop", "production", "carts", "primary",
        DateTimeOffset.Parse("2022-01-26T10:05:00Z"), DateTimeOffset.Parse("2022-01-26T10:05:30.2Z"),
        new Dictionary<string, string> { ["version"] = "1.2", ["version_major"] = "1" },
        [KeyValuePair.Create("handler", "ItemsController.addToCart"), KeyValuePair.Create("handler_group", "'items'")]);

    [Theory]
    [InlineData("rate(my_custom_metric{job='$SERVICE-$PROJECT-$STAGE',handler=~'$handler'}[$DURATION_SECONDS])",
        "rate(my_custom_metric{job='carts-sockshop-production',handler=~'ItemsController.addToCart'}[31s])")]
    [InlineData("x{g='$handler_group',d='$DEPLOYMENT'}", "x{g='items',d='primary'}")]
    [InlineData("x{v='$labels.version',m='$labels.version_major',k='$LABEL.version'}", "x{v='1.2',m='1',k='1.2'}")]
    [InlineData("x{h='$HANDLER'}", "x{h='ItemsController.addToCart'}")]
    public void Placeholders_AreFilled(string query, string expected) =>
        Assert.Equal(expected, SliQuery.Build("custom", new Dictionary<string, string> { ["custom"] = query }, Context));

    [Fact]
    public void WithoutAQuery_KeptnsBuiltInsApply_AndOtherNamesHaveNone()
    {
        var none = new Dictionary<string, string>();
        Assert.Equal("sum(rate(http_requests_total{job='carts-sockshop-production-canary',handler='ItemsController.addToCart',handler_group='items'}[31s]))",
            SliQuery.Build("throughput", none, Context));
        Assert.StartsWith("histogram_quantile(0.95,", SliQuery.Build("response_time_p95", none, Context));
        Assert.Contains("status!~'2..'", SliQuery.Build("error_rate", none, Context));
        Assert.Null(SliQuery.Build("cpu_usage", none, Context));
    }

    [Fact]
    public void Files_MergeProjectStageService_TheMostSpecificWinning()
    {
        var merged = SliFile.Merge([
            ("project level", "indicators:\n  a: one\n  b: one\n"),
            ("stage production", null),
            ("service carts", "spec_version: '1.0'\nindicators:\n  b: three\n"),
        ]);
        Assert.Equal("one", merged["a"]);
        Assert.Equal("three", merged["b"]);
    }

    [Theory]
    [InlineData("indicators: [", "prometheus/sli.yaml (project level) is not valid YAML")]
    [InlineData("- a\n- b", "prometheus/sli.yaml (project level) is missing the required field: indicators")]
    [InlineData("indicators: {}", "prometheus/sli.yaml (project level) is missing the required field: indicators")]
    [InlineData("indicators:\n  a: {nested: true}", "prometheus/sli.yaml (project level): indicator 'a' has no query")]
    public void UnusableFiles_AreNamed(string yaml, string message) =>
        Assert.StartsWith(message, Assert.Throws<SloException>(() => SliFile.Parse(yaml, "project level")).Message);
}
