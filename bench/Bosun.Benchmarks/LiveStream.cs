using System.Net;
using System.Text.RegularExpressions;
using Bosun.TestKit;

namespace Bosun.Benchmarks;

/// <summary>
/// The UI's live stream (DESIGN §6) as a signed-in page opens it: the server pushes the head of each event right after
/// its commit, so a scenario learns when an event is stored without polling the API (and loading the server for it).
/// </summary>
internal static partial class LiveStream
{
    /// <summary>A browser-like client signed in with the benchmark's token (its session cookie kept).</summary>
    public static async Task<HttpClient> SignInAsync(ServerProcess server)
    {
        var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, MaxConnectionsPerServer = 256 })
        {
            BaseAddress = server.Address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var signIn = await browser.PostAsync("/login", new FormUrlEncodedContent([KeyValuePair.Create("token", ServerProcess.Token)]));
        if (signIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in answered {(int)signIn.StatusCode}");
        }
        return browser;
    }

    /// <summary>The stream of <paramref name="project"/>'s page, from the store's head when the page was rendered, past its greeting.</summary>
    public static async Task<SseReader> OpenAsync(HttpClient browser, string project)
    {
        var page = await browser.GetStringAsync($"/projects/{project}");
        var live = WebUtility.HtmlDecode(LiveUrl().Match(page).Groups[1].Value);
        var stream = await SseReader.OpenAsync(browser, new HttpRequestMessage(HttpMethod.Get, live));
        await stream.NextAsync("hello");
        return stream;
    }

    [GeneratedRegex(@"data-live=""([^""]+)""")]
    private static partial Regex LiveUrl();
}
