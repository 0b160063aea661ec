using System.Net;
using System.Text.RegularExpressions;

namespace Bosun.Server.Tests.Ui;

/// <summary>A cookie-keeping HTTP client that does not follow redirects: what a browser sends, one request at a time.</summary>
public sealed partial class UiBrowser : IDisposable
{
    private readonly HttpClient _client;

    public UiBrowser(RunningServer server)
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = server.Client.BaseAddress };
    }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    /// <summary>The client itself, with the session's cookie, for what the helpers here do not do.</summary>
    public HttpClient Client => _client;

    public Task<HttpResponseMessage> PostFormAsync(string path, params (string Name, string Value)[] fields) =>
        _client.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    public async Task SignInAsync(string token = RunningServer.Token)
    {
        var response = await PostFormAsync("/login", ("token", token));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>The anti-forgery token of the signed-in page at <paramref name="path"/>.</summary>
    public async Task<string> FormTokenAsync(string path = "/")
    {
        var html = await (await GetAsync(path)).Content.ReadAsStringAsync();
        return FormField().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("the page has no form token:\n" + html);
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__bosun_csrf\" value=\"([^\"]+)\"")]
    private static partial Regex FormField();
}
