using System.Net;
using Bosun.Server.Ui;

namespace Bosun.Server.Tests.Ui;

/// <summary>The secrets page: names, scopes and key names, never values; created and deleted by forms with the anti-forgery token.</summary>
public sealed class SecretsPageTests : SignedInPageTests
{
    private async Task<HttpResponseMessage> CreateAsync(string name, string data, string scope = "keptn-default", bool replace = false)
    {
        var fields = new List<(string, string)> { (UiSession.FormField, await Browser.FormTokenAsync("/secrets")), ("name", name), ("scope", scope), ("data", data) };
        if (replace)
        {
            fields.Add(("replace", "1"));
        }
        return await Browser.PostFormAsync("/secrets", [.. fields]);
    }

    private async Task<string> SecretsJsonAsync() => await Server.Client.GetStringAsync("/api/secrets/v1/secret");

    [Fact]
    public async Task NoSecrets_SaysHowToCreateOne() =>
        Assert.Contains("No secret yet.", await PageAsync("/secrets"));

    [Fact]
    public async Task Created_ShowsItsNameScopeAndKeys_NeverAValue()
    {
        var created = await CreateAsync("argo", "token=s3cr3t-value\r\nuser = bosun-admin", "keptn-webhook-service");
        Assert.Equal((HttpStatusCode.Redirect, "/secrets"), (created.StatusCode, created.Headers.Location!.OriginalString));
        var html = await PageAsync("/secrets");
        var row = Between(html, "data-secret=\"argo\"", "</tr>");
        Assert.Contains("<td>keptn-webhook-service</td>", row);
        Assert.Contains("<td>token, user</td>", row);
        Assert.DoesNotContain("s3cr3t-value", html);
        Assert.DoesNotContain("bosun-admin", html);
        Assert.Contains("\"keys\":[\"token\",\"user\"]", await SecretsJsonAsync());
    }

    [Fact]
    public async Task Many_AreListed_AndOneIsDeleted()
    {
        foreach (var name in new[] { "a-one", "b-two", "c-three" })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await CreateAsync(name, "k=v")).StatusCode);
        }
        var deleted = await Browser.PostFormAsync("/secrets/delete", (UiSession.FormField, await Browser.FormTokenAsync("/secrets")), ("name", "b-two"), ("scope", "keptn-default"));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        var html = await PageAsync("/secrets");
        Assert.Contains("data-secret=\"a-one\"", html);
        Assert.Contains("data-secret=\"c-three\"", html);
        Assert.DoesNotContain("b-two", html);
        Assert.Contains("does not exist in scope keptn-default", await RunningServer.ErrorAsync(
            await Browser.PostFormAsync("/secrets/delete", (UiSession.FormField, await Browser.FormTokenAsync("/secrets")), ("name", "b-two"), ("scope", "keptn-default")), 404));
    }

    [Theory]
    [InlineData("Bad_Name", "k=v", "keptn-default", "name 'Bad_Name' must be lowercase")]
    [InlineData("ok", "k=v", "nowhere", "scope 'nowhere' is unknown")]
    [InlineData("ok", "", "keptn-default", "data must be a non-empty")]
    [InlineData("ok", "k=v\nno-equals", "keptn-default", "data: line 2 is not KEY=VALUE")]
    [InlineData("ok", "k=v\nk=w", "keptn-default", "key 'k' is given twice")]
    [InlineData("ok", "bad key=v", "keptn-default", "data key 'bad key' must be")]
    public async Task BadInput_IsA400NamingTheField_AndStoresNothing(string name, string data, string scope, string message)
    {
        Assert.Contains(message, await RunningServer.ErrorAsync(await CreateAsync(name, data, scope), 400));
        Assert.Contains("\"Secrets\":[]", await SecretsJsonAsync());
    }

    [Fact]
    public async Task AnExistingName_IsRefused_UnlessReplacing()
    {
        await CreateAsync("argo", "token=one");
        Assert.Contains("tick 'replace it if it exists'", await RunningServer.ErrorAsync(await CreateAsync("argo", "other=two"), 409));
        Assert.Contains("\"keys\":[\"token\"]", await SecretsJsonAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await CreateAsync("argo", "other=two", replace: true)).StatusCode);
        Assert.Contains("\"keys\":[\"other\"]", await SecretsJsonAsync());
    }

    [Fact]
    public async Task AForgedPost_WithoutTheFormToken_ChangesNothing()
    {
        await CreateAsync("argo", "token=one");
        await RunningServer.ErrorAsync(await Browser.PostFormAsync("/secrets", ("name", "evil"), ("data", "k=v")), 400);
        await RunningServer.ErrorAsync(await Browser.PostFormAsync("/secrets/delete", ("name", "argo"), ("scope", "keptn-default")), 400);
        var json = await SecretsJsonAsync();
        Assert.Contains("argo", json);
        Assert.DoesNotContain("evil", json);
    }
}
