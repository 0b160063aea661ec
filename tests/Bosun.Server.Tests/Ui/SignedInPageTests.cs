using System.Net;

namespace Bosun.Server.Tests.Ui;

/// <summary>A page test's set-up: a fresh server and a browser signed in to it; pages are read HTML-decoded.</summary>
public abstract class SignedInPageTests : IAsyncLifetime
{
    protected RunningServer Server { get; private set; } = null!;

    protected UiBrowser Browser { get; private set; } = null!;

    /// <summary>Settings a page test's server needs beyond the defaults.</summary>
    protected virtual Func<Hosting.BosunOptions, Hosting.BosunOptions>? Options => null;

    public async Task InitializeAsync()
    {
        Server = await RunningServer.StartAsync(options: Options);
        Browser = new UiBrowser(Server);
        await Browser.SignInAsync();
    }

    public async Task DisposeAsync()
    {
        Browser.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(Server.DataDirectory, recursive: true);
    }

    protected async Task<string> PageAsync(string path, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await Browser.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The part of <paramref name="html"/> from <paramref name="start"/> to the next <paramref name="end"/>.</summary>
    protected static string Between(string html, string start, string end)
    {
        var at = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(at >= 0, $"the page has no {start}:\n{html}");
        return html[at..html.IndexOf(end, at, StringComparison.Ordinal)];
    }
}
