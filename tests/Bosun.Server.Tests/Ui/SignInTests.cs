using System.Net;
using Bosun.Server.Ui;
using Microsoft.Extensions.Time.Testing;

namespace Bosun.Server.Tests.Ui;

/// <summary>The web UI's sign-in (DESIGN §6): the API token opens a session cookie; a wrong token, an expired session and a forged POST change nothing.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(time: _time);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_server.DataDirectory, recursive: true);
    }

    [Fact]
    public async Task EveryPage_WithoutASession_RedirectsToTheSignInForm_WithAFieldNamedToken()
    {
        using var browser = new UiBrowser(_server);
        var response = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?return=%2F", response.Headers.Location!.OriginalString);
        var form = await browser.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Equal("text/html", form.Content.Headers.ContentType!.MediaType);
        var html = await form.Content.ReadAsStringAsync();
        Assert.Contains("<label for=\"token\">", html);
        Assert.Contains("name=\"token\" type=\"password\"", html);
    }

    [Fact]
    public async Task TheRightToken_SetsAnHttpOnlyStrictCookie_AndOpensThePages()
    {
        using var browser = new UiBrowser(_server);
        var response = await browser.PostFormAsync("/login", ("token", RunningServer.Token), ("return", "/?x=1"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/?x=1", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(UiSession.CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(RunningServer.Token, cookie, StringComparison.Ordinal);
        var page = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>Projects</h1>", await page.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("wrong-token")]
    [InlineData("")]
    [InlineData("test-token ")]
    public async Task AWrongToken_IsRefused_WithoutACookie(string token)
    {
        using var browser = new UiBrowser(_server);
        var response = await browser.PostFormAsync("/login", ("token", token));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Contains("That token is not valid.", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    [InlineData("projects")]
    public async Task TheReturnPath_StaysOnThisSite(string returnTo)
    {
        using var browser = new UiBrowser(_server);
        var response = await browser.PostFormAsync("/login", ("token", RunningServer.Token), ("return", returnTo));
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AnExpiredSession_IsSentBackToSignIn()
    {
        using var browser = new UiBrowser(_server);
        await browser.SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        _time.Advance(UiSession.Lifetime + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task ACookieNotSignedByThisServer_OpensNothing()
    {
        using var browser = new UiBrowser(_server);
        browser.Cookies.Add(_server.Client.BaseAddress!, new Cookie(UiSession.CookieName, "9999999999.AAAAAAAAAAAAAAAAAAAAAA.forged"));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignOut_WithoutTheFormToken_IsAForgery_AndTheSessionStays()
    {
        using var browser = new UiBrowser(_server);
        await browser.SignInAsync();
        var forged = await browser.PostFormAsync("/logout");
        Assert.Contains("anti-forgery token", await RunningServer.ErrorAsync(forged, 400));
        var wrong = await browser.PostFormAsync("/logout", (UiSession.FormField, "not-the-token"));
        await RunningServer.ErrorAsync(wrong, 400);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        var signedOut = await browser.PostFormAsync("/logout", (UiSession.FormField, await browser.FormTokenAsync()));
        Assert.Equal(("/login", HttpStatusCode.Redirect), (signedOut.Headers.Location!.OriginalString, signedOut.StatusCode));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task AFormToken_OfAnotherSession_IsRefused()
    {
        using var first = new UiBrowser(_server);
        using var second = new UiBrowser(_server);
        await first.SignInAsync();
        await second.SignInAsync();
        await RunningServer.ErrorAsync(await second.PostFormAsync("/logout", (UiSession.FormField, await first.FormTokenAsync())), 400);
    }

    [Fact]
    public async Task TheApi_StillNeedsItsToken()
    {
        using var browser = new UiBrowser(_server);
        await browser.SignInAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/controlPlane/v1/project")).StatusCode);
    }
}
