using Bosun.Core.Templating;

namespace Bosun.Core.Tests.Templating;

/// <summary>Rendering stops at its step budget and output cap with a message naming the budget, never a hang.</summary>
public sealed class TemplateBudgetTests
{
    [Theory]
    [InlineData("{{range 2000000000}}{{end}}", "steps")]
    [InlineData("{{range 1000}}{{range 1000}}{{range 1000}}{{end}}{{end}}{{end}}", "steps")]
    [InlineData("{{range 30000000}}x{{end}}", "budget")]
    [InlineData("{{$x := \"aaaaaaaaaaaaaaaa\"}}{{range 100}}{{$x = print $x $x}}{{end}}{{$x}}", "characters")]
    public void HostileTemplates_FailNamingTheBudget(string template, string budget)
    {
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse(template).Render(null));
        Assert.Contains("budget", e.Message);
        Assert.Contains(budget, e.Message);
    }

    [Fact]
    public void OutputCap_IsTheConfiguredOne()
    {
        var options = new TemplateOptions { MaxOutputChars = 10 };
        Assert.Equal("xxxxxxxxxx", GoTemplate.Parse("{{range 10}}x{{end}}").Render(null, options));
        Assert.Contains("10 characters", Assert.Throws<TemplateException>(() => GoTemplate.Parse("{{range 11}}x{{end}}").Render(null, options)).Message);
    }

    [Fact]
    public void StepBudget_IsTheConfiguredOne()
    {
        var options = new TemplateOptions { MaxSteps = 50 };
        Assert.Contains("50 steps", Assert.Throws<TemplateException>(() => GoTemplate.Parse("{{range 100}}{{end}}").Render(null, options)).Message);
    }

    [Fact]
    public void RangeOverCount_StillRendersWithinBudget() =>
        Assert.Equal("0,1,2,", GoTemplate.Parse("{{range $i := 3}}{{$i}},{{end}}").Render(null));

    /// <summary>A number past double's range (from event data) is infinity, printed as Go prints a float64 infinity.</summary>
    [Fact]
    public void NumberPastDoublesRange_PrintsAsGoPrintsInfinity() =>
        Assert.Equal("+Inf", GoTemplate.Parse("{{.n}}").Render(System.Text.Json.Nodes.JsonNode.Parse("{\"n\": 1e999999}")));
}
