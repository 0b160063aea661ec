using System.Net;
using Bosun.TestKit;
using static Bosun.Server.Tests.Evaluation.QualityGate;

namespace Bosun.Server.Tests.Ui;

/// <summary>Keptn Bridge deep links (DESIGN §6) redirect to the matching page, with the Bridge's optional suffixes.</summary>
public sealed class BridgeLinkTests : SignedInPageTests
{
    private async Task<string> RedirectOf(string path)
    {
        var response = await Browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    [Fact]
    public async Task ProjectAndSequenceLinks_GoToTheirPages_WhateverTheBridgeAppended()
    {
        Assert.Equal("/", await RedirectOf("/bridge"));
        Assert.Equal("/projects/shop", await RedirectOf("/bridge/project/shop"));
        Assert.Equal("/projects/shop/sequences/abc", await RedirectOf("/bridge/project/shop/sequence/abc"));
        Assert.Equal("/projects/shop/sequences/abc", await RedirectOf("/bridge/project/shop/sequence/abc/stage/dev"));
        Assert.Equal("/projects/shop/sequences/abc", await RedirectOf("/bridge/project/shop/sequence/abc/event/e-1"));
    }

    [Fact]
    public async Task ATraceLink_FindsTheContextsProject()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        var context = await Server.TriggerAsync("shop", "dev", "artifact-delivery", "web", "1.0");
        Assert.Equal($"/projects/shop/sequences/{context}", await RedirectOf($"/bridge/trace/{context}"));
        Assert.Equal($"/projects/shop/sequences/{context}", await RedirectOf($"/bridge/trace/{context}/dev"));
        Assert.Contains("No project has a sequence with keptnContext nope", await PageAsync("/bridge/trace/nope", HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task AnEvaluationLink_OpensItsExplainTableOnItsServicesHeatmap()
    {
        await CreateAsync(Server, provider: null);
        var context = await EvaluateAsync(Server, new { timeframe = "5m" });
        var finished = await FinishedAsync(Server, context);
        Assert.Equal($"/projects/{Project}/services/{Service}/evaluations?stage={Stage}&explain={finished["id"]}#explain", await RedirectOf($"/bridge/evaluation/{context}"));
        Assert.Contains("has no finished evaluation", await PageAsync("/bridge/evaluation/nope", HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task SignedOut_ALinkSignsInFirst_AndComesBack()
    {
        using var stranger = new UiBrowser(Server);
        var response = await stranger.GetAsync("/bridge/trace/abc");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?return=%2Fbridge%2Ftrace%2Fabc", response.Headers.Location!.OriginalString);
    }
}
