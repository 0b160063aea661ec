using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bosun.Server.Ui;
using static Bosun.Server.Tests.Evaluation.QualityGate;

namespace Bosun.Server.Tests.Ui;

/// <summary>
/// The evaluations page (<c>/projects/{p}/services/{s}/evaluations?stage=</c>): the heatmap, the score chart, the
/// explain table, re-run and invalidate, with evaluations scored by the built-in lighthouse from a provider the test plays.
/// </summary>
public sealed partial class EvaluationsPageTests : SignedInPageTests
{
    private static readonly string PagePath = $"/projects/{Project}/services/{Service}/evaluations";

    private async Task GatesAsync()
    {
        await CreateAsync(Server, "my-sli-provider");
        await PutResourceAsync(Server, "slo.yaml", Slo);
    }

    /// <summary>One evaluation of <paramref name="version"/>, the provider answering with these values; its finished event.</summary>
    private async Task<JsonObject> EvaluateVersionAsync(string version, double responseTime, double throughput = 100)
    {
        var context = await EvaluateAsync(Server, new { timeframe = "5m", labels = new { version } });
        await ProvideAsync(Server, await OpenGetSliAsync(Server, context), ("response_time_p95", responseTime), ("throughput", throughput), ("error_rate", 0));
        return await FinishedAsync(Server, context);
    }

    private static List<string> ColumnLabels(string html) =>
        [.. HeaderLink().Matches(Between(html, "<table class=\"heatmap\">", "</thead>")).Select(m => m.Groups[1].Value)];

    [Fact]
    public async Task NoEvaluations_SaysHowToStartOne_InTheFirstStage()
    {
        await GatesAsync();
        var html = await PageAsync(PagePath);
        Assert.Contains($"{Service}: evaluations in {Stage}", html);
        Assert.Contains($"bosun trigger evaluation --project {Project} --stage {Stage} --service {Service}", html);
        Assert.DoesNotContain("<svg", html);
        Assert.DoesNotContain("id=\"explain\"", html);
    }

    [Fact]
    public async Task OneEvaluation_IsAColumn_ScoreRowFirst_WithItsExplainTableAndTheChartsLines()
    {
        await GatesAsync();
        var finished = await EvaluateVersionAsync("1.0.0", 450);
        var html = Collapse(await PageAsync(PagePath));
        Assert.Equal(["1.0.0"], ColumnLabels(html));
        var rows = RowName().Matches(Between(html, "<tbody>", "</tbody>")).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["Score", "response_time_p95", "throughput", "error_rate"], rows);
        // Status is a word and a symbol as well as a colour; the value is in the cell, more in its tooltip.
        Assert.Contains("<th scope=\"row\">Score</th><td class=\"s-pass\" title=\"pass\">✓ 100</td>", html);
        Assert.Contains("<td class=\"s-pass\" title=\"450, score 1: pass\">✓ 450</td>", html);
        Assert.Contains("<th scope=\"row\">error_rate</th><td class=\"s-info\" title=\"0, score 0: info\">i 0</td>", html);
        // The newest column is explained unless another is chosen: value, compared value, criteria, weight and score.
        var explain = Between(html, "id=\"explain\"", "</section>");
        Assert.Contains($"Evaluation 1.0.0: pass, score 100", explain);
        Assert.Contains("<th scope=\"row\">response_time_p95</th><td>450</td><td>0</td><td><=+75% (0), <800 (800), <=1000 (1000), <=+100% (0)</td><td></td><td>1</td><td>1</td>", explain.Replace("&lt;", "<", StringComparison.Ordinal));
        Assert.Contains("Compared with no earlier evaluation", explain);
        Assert.Contains($"name=\"event\" value=\"{finished["id"]}\"", explain);
        Assert.Contains("data-line=\"pass\"", html);
        Assert.Contains(">pass 90</text>", html);
        Assert.Contains(">warning 75</text>", html);
        Assert.Contains("class=\"pt-pass\"><title>1.0.0: 100, pass</title>", html);
    }

    [Fact]
    public async Task ManyEvaluations_ArePagedByCount_LabelledByVersion_WithTheComparedOnesMarked_AndFilteredByResult()
    {
        await GatesAsync();
        var first = await EvaluateVersionAsync("1.0", 300);
        var second = await EvaluateVersionAsync("1.1", 2000); // fails: 2000 is over every bound
        var third = await EvaluateVersionAsync("1.2", 310);
        Assert.Equal("fail", second["data"]!["result"]!.GetValue<string>());

        var all = Collapse(await PageAsync(PagePath));
        Assert.Equal(["1.0", "1.1", "1.2"], ColumnLabels(all));
        // 1.2 compared with the newest passing evaluation (include_result_with_score: pass, one result): 1.0.
        Assert.Equal([first["id"]!.GetValue<string>()], CompareMarks(all));
        Assert.Contains("<td class=\"s-fail\" title=\"2000 (compared 300), score 0: fail\">✗ 2000</td>", all);
        Assert.Contains("class=\"pt-fail\"><title>1.1:", all);

        var page = Collapse(await PageAsync(PagePath + "?count=2"));
        Assert.Equal(["1.1", "1.2"], ColumnLabels(page));
        Assert.Contains("3 evaluation(s), showing 1–2", page);
        Assert.Contains($"href=\"{PagePath}?stage={Stage}&offset=2&count=2\" rel=\"prev\">Older</a>", page);
        var older = Collapse(await PageAsync(PagePath + "?count=2&offset=2"));
        Assert.Equal(["1.0"], ColumnLabels(older));
        Assert.Contains("rel=\"next\">Newer</a>", older);

        // Explaining another column: its compared ones are marked instead, and the explain table is its own.
        var explained = Collapse(await PageAsync($"{PagePath}?explain={second["id"]}"));
        Assert.Contains("Evaluation 1.1: fail, score", Between(explained, "id=\"explain\"", "</section>"));
        Assert.Equal([first["id"]!.GetValue<string>()], CompareMarks(explained));
        Assert.Equal(["1.1"], ColumnLabels(Collapse(await PageAsync(PagePath + "?result=fail"))));
        Assert.Equal(["1.0", "1.2"], ColumnLabels(Collapse(await PageAsync(PagePath + "?result=pass"))));
        _ = third;
    }

    [Theory]
    [InlineData("?stage=nowhere", "stage 'nowhere' is not a stage of the project")]
    [InlineData("?result=great", "result 'great' is not one of pass, warning, fail")]
    [InlineData("?from=yesterday", "from must be a time")]
    [InlineData("?to=2026-13-01", "to must be a time")]
    [InlineData("?from=2026-12-02&to=2026-12-01", "from must not be after to")]
    [InlineData("?count=500", "count '500' must be a number of evaluations from 1 to 200")]
    [InlineData("?offset=-1", "offset '-1' must be a number")]
    public async Task ABadFilter_IsA400PageNamingTheParameter(string query, string message)
    {
        await GatesAsync();
        Assert.Contains(message, await PageAsync(PagePath + query, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task AnUnknownProjectOrService_IsA404Page()
    {
        await GatesAsync();
        Assert.Contains("has no service 'nope'", await PageAsync($"/projects/{Project}/services/nope/evaluations", HttpStatusCode.NotFound));
        Assert.Contains("The project 'nope' does not exist", await PageAsync("/projects/nope/services/x/evaluations", HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Invalidate_MarksTheColumn_AndLaterGatesStopComparingWithIt_ButNeedsAReasonAndTheFormToken()
    {
        await GatesAsync();
        var first = await EvaluateVersionAsync("1.0", 300);
        var id = first["id"]!.GetValue<string>();
        var token = await Browser.FormTokenAsync(PagePath);
        var path = PagePath + "/invalidate";

        Assert.Equal(HttpStatusCode.BadRequest, (await Browser.PostFormAsync(path, ("event", id), ("reason", "wrong window"))).StatusCode);
        Assert.Contains("reason: say why", await RunningServer.ErrorAsync(await Browser.PostFormAsync(path, (UiSession.FormField, token), ("event", id), ("reason", " ")), 400));
        Assert.Contains("has no such evaluation", await RunningServer.ErrorAsync(await Browser.PostFormAsync(path, (UiSession.FormField, token), ("event", "nope"), ("reason", "x")), 404));
        Assert.Empty(await Server.EventsAsync("sh.keptn.event.evaluation.invalidated"));

        var response = await Browser.PostFormAsync(path, (UiSession.FormField, token), ("event", id), ("reason", "load test was running"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"{PagePath}?stage={Stage}&explain={id}", response.Headers.Location!.OriginalString);
        var invalidated = Assert.Single(await Server.EventsAsync("sh.keptn.event.evaluation.invalidated"));
        Assert.Equal(first["triggeredid"]!.GetValue<string>(), invalidated!["triggeredid"]!.GetValue<string>());
        Assert.Equal("load test was running", invalidated["data"]!["message"]!.GetValue<string>());

        var html = Collapse(await PageAsync(response.Headers.Location.OriginalString));
        Assert.Contains("Invalidated: load test was running", html);
        Assert.Contains("class=\"invalidated\"", html.Replace("class=\"selected invalidated\"", "class=\"invalidated\"", StringComparison.Ordinal));
        Assert.DoesNotContain("/invalidate\"", html);
        var second = await EvaluateVersionAsync("1.1", 310);
        Assert.Empty(second["data"]!["evaluation"]!["comparedEvents"]!.AsArray());
    }

    [Fact]
    public async Task Rerun_StartsAnEvaluationOverTheSameWindowWithTheSameLabels_AndLandsOnItsSequence()
    {
        await GatesAsync();
        var first = await EvaluateVersionAsync("1.0", 300);
        var token = await Browser.FormTokenAsync(PagePath);
        Assert.Equal(HttpStatusCode.BadRequest, (await Browser.PostFormAsync(PagePath + "/rerun", ("event", first["id"]!.GetValue<string>()))).StatusCode);
        var response = await Browser.PostFormAsync(PagePath + "/rerun", (UiSession.FormField, token), ("event", first["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var context = response.Headers.Location!.OriginalString.Split('/')[^1];
        Assert.Equal($"/projects/{Project}/sequences/{context}", response.Headers.Location.OriginalString);
        var triggered = await Server.WaitForAsync($"sh.keptn.event.{Stage}.evaluation.triggered", context);
        Assert.Equal("1.0", triggered["data"]!["labels"]!["version"]!.GetValue<string>());
        Assert.Equal(first["data"]!["evaluation"]!["timeStart"]!.GetValue<string>(), triggered["data"]!["evaluation"]!["start"]!.GetValue<string>());
        Assert.Equal(first["data"]!["evaluation"]!["timeEnd"]!.GetValue<string>(), triggered["data"]!["evaluation"]!["end"]!.GetValue<string>());
    }

    private static List<string> CompareMarks(string html) =>
        [.. ComparedHeader().Matches(Between(html, "<table class=\"heatmap\">", "</thead>")).Select(m => m.Groups[1].Value)];

    private static string Collapse(string html) => Spaces().Replace(html, "><");

    [GeneratedRegex(@"<th class=""[^""]*""><a href=""\?[^""]+""[^>]*>([^<]+)</a>")]
    private static partial Regex HeaderLink();

    [GeneratedRegex(@"<th class=""[^""]*compared[^""]*""><a href=""\?[^""]*explain=([^""#&]+)")]
    private static partial Regex ComparedHeader();

    [GeneratedRegex(@"<tr><th scope=""row"">([^<(]+?)(?: \(key\))?</th>")]
    private static partial Regex RowName();

    [GeneratedRegex(@">\s+<")]
    private static partial Regex Spaces();
}
