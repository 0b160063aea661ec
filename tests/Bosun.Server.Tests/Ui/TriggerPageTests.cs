using System.Globalization;
using System.Net;
using Bosun.Server.Ui;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Ui;

/// <summary>The trigger form (<c>/projects/{p}/trigger</c>): a delivery, an evaluation or any sequence, landing on its page.</summary>
public sealed class TriggerPageTests : SignedInPageTests
{
    private const string Path = "/projects/podtato/trigger";

    private async Task<HttpResponseMessage> StartAsync(params (string Name, string Value)[] fields) =>
        await Browser.PostFormAsync(Path, [(UiSession.FormField, await Browser.FormTokenAsync(Path)), .. fields]);

    private static string ContextOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/projects/podtato/sequences/", location);
        return location.Split('/')[^1];
    }

    [Fact]
    public async Task NoServices_SaysHowToAddOne()
    {
        await Server.CreateProjectAsync("podtato", Shipyards.TwoStages);
        Assert.Contains("bosun create service NAME --project podtato", await PageAsync(Path));
    }

    [Fact]
    public async Task TheForm_OffersEverySequenceOfEveryStage_TheirEvaluationsToo_AndPreselects()
    {
        await Server.CreateProjectAsync("podtato", Shipyards.TwoStages, "web", "api");
        var html = await PageAsync(Path + "?service=web&sequence=prod/delivery");
        var options = System.Text.RegularExpressions.Regex.Matches(Between(html, "<select id=\"sequence\"", "</select>"), "<option value=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["dev/delivery", "dev/rollback", "dev/evaluation", "prod/delivery", "prod/evaluation", "canary/delivery", "canary/evaluation"], options);
        Assert.Contains("<option value=\"prod/delivery\" selected>", html.Replace("selected=\"\"", "selected", StringComparison.Ordinal));
        Assert.Contains("<option value=\"web\" selected>", html.Replace("selected=\"\"", "selected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADelivery_StartsWithItsVersionImageAndLabels_AndLandsOnItsPage()
    {
        await Server.CreateProjectAsync("podtato", Shipyards.TwoStages, "web");
        var context = ContextOf(await StartAsync(("sequence", "dev/delivery"), ("service", "web"), ("image", "ghcr.io/podtato/web:0.3.1"), ("labels", "buildId=42, team = web")));
        var triggered = await Server.WaitForAsync("sh.keptn.event.dev.delivery.triggered", context);
        var data = triggered["data"]!;
        Assert.Equal(("0.3.1", "42", "web"), (data["labels"]!["version"]!.GetValue<string>(), data["labels"]!["buildId"]!.GetValue<string>(), data["labels"]!["team"]!.GetValue<string>()));
        Assert.Equal("ghcr.io/podtato/web:0.3.1", data["configurationChange"]!["values"]!["image"]!.GetValue<string>());
        Assert.Contains("delivery", await PageAsync($"/projects/podtato/sequences/{context}"));
    }

    [Fact]
    public async Task AnEvaluation_TakesItsTimeframe()
    {
        await Server.CreateProjectAsync("podtato", Shipyards.TwoStages, "web");
        var context = ContextOf(await StartAsync(("sequence", "prod/evaluation"), ("service", "web"), ("version", "2.0"), ("timeframe", "10m")));
        var window = (await Server.WaitForAsync("sh.keptn.event.prod.evaluation.triggered", context))["data"]!["evaluation"]!;
        var start = DateTimeOffset.Parse(window["start"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var end = DateTimeOffset.Parse(window["end"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromMinutes(10), end - start);
    }

    [Theory]
    [InlineData("dev/nope", "web", "", "", "sequence 'dev/nope' is not one of the shipyard's")]
    [InlineData("dev/delivery", "nobody", "", "", "service 'nobody' is not a service of stage dev")]
    [InlineData("dev/delivery", "web", "just-a-word", "", "labels: 'just-a-word' is not KEY=VALUE")]
    [InlineData("dev/evaluation", "web", "", "5 minutes", "timeframe '5 minutes'")]
    public async Task BadInput_IsA400NamingTheField_AndStartsNothing(string sequence, string service, string labels, string timeframe, string message)
    {
        await Server.CreateProjectAsync("podtato", Shipyards.TwoStages, "web");
        Assert.Contains(message, await RunningServer.ErrorAsync(await StartAsync(("sequence", sequence), ("service", service), ("labels", labels), ("timeframe", timeframe)), 400));
        Assert.Empty(await Server.EventsAsync("sh.keptn.event.dev.delivery.triggered"));
        Assert.Empty(await Server.EventsAsync("sh.keptn.event.dev.evaluation.triggered"));
    }

    [Fact]
    public async Task AForgedPost_StartsNothing()
    {
        await Server.CreateProjectAsync("podtato", Shipyards.TwoStages, "web");
        await RunningServer.ErrorAsync(await Browser.PostFormAsync(Path, ("sequence", "dev/delivery"), ("service", "web")), 400);
        Assert.Empty(await Server.EventsAsync("sh.keptn.event.dev.delivery.triggered"));
    }
}
