using System.Net;
using Bosun.Server.Tests.Access;
using Bosun.Server.Ui;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Ui;

/// <summary>
/// DESIGN §8 in the web UI: any token signs in; the pages show only what its role may do, its forms and pages beyond
/// the role are refused 403 naming the right, a token limited to projects sees those only, and a rotated or revoked
/// token's session ends. The audit page shows the trail.
/// </summary>
public sealed class RolePagesTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private string _context = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        await _server.CreateProjectAsync("shop", Shipyards.Approval, "web");
        await _server.CreateProjectAsync("bank", Shipyards.Minimal, "web");
        _context = await _server.TriggerAsync("shop", "dev", "delivery", "web", version: "1");
        await Eventually.Until(async () => (await _server.OpenAsync("approval", "shop")).Count == 1, TimeSpan.FromSeconds(10), "the approval waits");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_server.DataDirectory, recursive: true);
    }

    private async Task<UiBrowser> SignedInAsync(string name, string role, params string[] projects)
    {
        var browser = new UiBrowser(_server);
        await browser.SignInAsync(await AccessTokens.CreateAsync(_server, name, role, projects));
        return browser;
    }

    private static async Task<string> PageAsync(UiBrowser browser, string path, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await browser.GetAsync(path);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(status == response.StatusCode, $"{path}: {(int)response.StatusCode}\n{html}");
        return html;
    }

    [Fact]
    public async Task AViewer_SeesNoForm_ItsRoleCannotUse_AndAPostedOneIsRefused403()
    {
        using var viewer = await SignedInAsync("watcher", "viewer");
        var sequence = $"/projects/shop/sequences/{_context}";
        var page = await PageAsync(viewer, sequence);
        Assert.Contains("watcher (viewer)", page);
        Assert.DoesNotContain("/control\"", page);
        Assert.DoesNotContain("action=\"/approvals/", page);
        Assert.DoesNotContain("/trigger\"", await PageAsync(viewer, "/projects/shop"));
        Assert.DoesNotContain("action=\"/approvals/", await PageAsync(viewer, "/approvals"));
        Assert.DoesNotContain("Create a secret", await PageAsync(viewer, "/secrets"));
        Assert.Contains("lacks the right 'operate'", await PageAsync(viewer, "/projects/shop/trigger", HttpStatusCode.Forbidden));

        var token = await viewer.FormTokenAsync(sequence);
        var refused = await viewer.PostFormAsync(sequence + "/control", (UiSession.FormField, token), ("state", "abort"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("The token 'watcher' (viewer) lacks the right 'operate'.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        var approval = (await _server.OpenAsync("approval", "shop"))[0]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostFormAsync($"/approvals/{approval}", (UiSession.FormField, token), ("decision", "approve"))).StatusCode);
        Assert.Single(await _server.OpenAsync("approval", "shop"));
        Assert.DoesNotContain("id=\"sequence-state\">aborted</strong>", await PageAsync(viewer, sequence));
        // Signing out is for every role.
        Assert.Equal(HttpStatusCode.Redirect, (await viewer.PostFormAsync("/logout", (UiSession.FormField, token))).StatusCode);
    }

    [Fact]
    public async Task AnOperator_SeesTheForms_AndItsApprovalSaysWhichTokenGaveIt()
    {
        using var operatorBrowser = await SignedInAsync("jane", "operator");
        var sequence = $"/projects/shop/sequences/{_context}";
        var page = await PageAsync(operatorBrowser, sequence);
        Assert.Contains("/control\"", page);
        Assert.Contains("/trigger\"", await PageAsync(operatorBrowser, "/projects/shop"));
        var approval = (await _server.OpenAsync("approval", "shop"))[0]!["id"]!.GetValue<string>();
        var answered = await operatorBrowser.PostFormAsync($"/approvals/{approval}", (UiSession.FormField, await operatorBrowser.FormTokenAsync(sequence)), ("decision", "approve"));
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var finished = await _server.WaitForAsync("sh.keptn.event.approval.finished", _context);
        Assert.Equal("approved by jane", finished["data"]!["message"]!.GetValue<string>());
        Assert.Equal("jane", finished["data"]!["approval"]!["token"]!.GetValue<string>());
        var audit = await PageAsync(operatorBrowser, "/audit?project=shop");
        Assert.Contains("approval.approve", audit);
        Assert.Contains($"approvals/{approval}", audit);
    }

    [Fact]
    public async Task ATokenLimitedToAProject_SeesThatProjectOnly()
    {
        using var shop = await SignedInAsync("shop-view", "viewer", "shop");
        var projects = await PageAsync(shop, "/");
        Assert.Contains("href=\"/projects/shop\"", projects);
        Assert.DoesNotContain("href=\"/projects/bank\"", projects);
        Assert.Contains("not 'bank'", await PageAsync(shop, "/projects/bank", HttpStatusCode.Forbidden));
        Assert.Contains("not 'bank'", await PageAsync(shop, "/approvals?project=bank", HttpStatusCode.Forbidden));
        Assert.Contains("names no project", await PageAsync(shop, "/secrets", HttpStatusCode.Forbidden));
        Assert.DoesNotContain("href=\"/secrets\"", projects);
        // The audit page opens on the token's project.
        var audit = await PageAsync(shop, "/audit");
        Assert.Contains("projects/shop", audit);
        Assert.DoesNotContain("projects/bank", audit);
    }

    [Fact]
    public async Task ARotatedOrRevokedToken_EndsItsSession()
    {
        using var rotated = await SignedInAsync("rot", "viewer");
        using var revoked = await SignedInAsync("rev", "viewer");
        Assert.Equal(HttpStatusCode.OK, (await rotated.GetAsync("/")).StatusCode);
        await RunningServer.ReadAsync(await _server.Client.PostAsync("/api/bosun/v1/tokens/rot/rotate", null));
        await RunningServer.ReadAsync(await _server.Client.DeleteAsync("/api/bosun/v1/tokens/rev"));
        foreach (var browser in new[] { rotated, revoked })
        {
            var response = await browser.GetAsync("/projects/shop");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheAuditPage_ShowsTheTrail_AndRefusesABadFilter()
    {
        using var admin = new UiBrowser(_server);
        await admin.SignInAsync();
        var page = await PageAsync(admin, "/audit");
        Assert.Contains("project.create", page);
        Assert.Contains("sequence.trigger", page);
        Assert.Contains("default (admin)", page);
        Assert.DoesNotContain("projects/shop", await PageAsync(admin, "/audit?project=bank&to=2020-01-01T00:00:00Z"));
        Assert.Contains("from and to must be times", await PageAsync(admin, "/audit?from=soon", HttpStatusCode.BadRequest));
        Assert.Contains("offset 'x' must be a number", await PageAsync(admin, "/audit?offset=x", HttpStatusCode.BadRequest));
        var anonymous = await new UiBrowser(_server).GetAsync("/audit");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }
}
