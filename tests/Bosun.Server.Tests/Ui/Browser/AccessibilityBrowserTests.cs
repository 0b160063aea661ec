using Bosun.Server.Tests.Evaluation;
using Bosun.TestKit;
using Microsoft.Playwright;

namespace Bosun.Server.Tests.Ui.Browser;

/// <summary>
/// Every page, with data on it, checked in Chromium for what a screen-reader or keyboard user needs: a language, one
/// h1 and a main region, a label for every control, a name for every button and link, an SVG with a title, and the
/// navigation reachable with Tab.
/// </summary>
public sealed class AccessibilityBrowserTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_server.DataDirectory, recursive: true);
    }

    private const string Problems = """
        () => {
          const problems = [];
          if (!document.documentElement.lang) problems.push('html has no lang');
          if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
          if (!document.querySelector('main')) problems.push('no main');
          for (const c of document.querySelectorAll('input:not([type=hidden]), select, textarea'))
            if (c.labels.length === 0 && !c.getAttribute('aria-label')) problems.push('unlabelled ' + c.outerHTML);
          for (const b of document.querySelectorAll('button, a[href]'))
            if (!(b.getAttribute('aria-label') || b.textContent).trim()) problems.push('nameless ' + b.outerHTML);
          for (const s of document.querySelectorAll('svg'))
            if (!s.querySelector('title') || s.getAttribute('role') !== 'img') problems.push('svg without role img and title');
          for (const t of document.querySelectorAll('table'))
            if (!t.querySelector('th')) problems.push('table without headers');
          // WCAG AA contrast of every element with its own text: 4.5:1, 3:1 for large text.
          const rgb = c => c.match(/[\d.]+/g).map(Number);
          const lum = c => { const v = rgb(c).slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; }); return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
          const background = e => { for (; e; e = e.parentElement) { const b = getComputedStyle(e).backgroundColor; if (rgb(b).length < 4 || rgb(b)[3] > 0) return b; } return 'rgb(255, 255, 255)'; };
          for (const e of document.querySelectorAll('body *')) {
            if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) || e.closest('svg, .vh') || !e.getClientRects().length) continue;
            const style = getComputedStyle(e);
            const [a, b] = [lum(style.color), lum(background(e))];
            const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
            if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)} of ${e.tagName} "${e.textContent.trim().slice(0, 20)}"`);
          }
          return problems;
        }
        """;

    [Fact]
    public async Task EveryPage_HasLabelsNamesAndLandmarks_AndItsNavigationIsReachedWithTab()
    {
        await QualityGate.CreateAsync(_server, provider: null);
        var evaluation = await QualityGate.EvaluateAsync(_server, new { timeframe = "5m", labels = new { version = "1.0" } });
        await QualityGate.FinishedAsync(_server, evaluation);
        await _server.CreateProjectAsync("gated", Shipyards.Approval, "web");
        var context = await _server.TriggerAsync("gated", "dev", "delivery", "web", version: "5.0");
        await Eventually.Until(async () => (await _server.OpenAsync("approval", "gated")).Count == 1, TimeSpan.FromSeconds(10), "the approval waits");
        var p = QualityGate.Project;
        var s = QualityGate.Service;
        string[] paths =
        [
            "/", "/projects/gated", "/projects/gated/sequences", $"/projects/gated/sequences/{context}", "/projects/gated/services/web",
            $"/projects/{p}/services/{s}/evaluations", "/approvals", "/projects/gated/trigger", "/projects/gated/integrations", "/projects/gated/dora", "/secrets",
        ];
        var page = await chromium.SignedInPageAsync(_server, "/");
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            Assert.Empty((await page.EvaluateAsync<string[]>(Problems)).Select(problem => $"{path}: {problem}"));
            await Chromium.ScreenshotAsync(page, "page" + path.Replace('/', '-').Split('?')[0]);
        }
        // The check itself sees a control without a label and pale text.
        await page.EvaluateAsync("() => { const m = document.querySelector('main'); m.append(document.createElement('select')); m.insertAdjacentHTML('beforeend', '<span style=\"color:#bbb\">pale</span>'); }");
        Assert.Equal(["unlabelled <select></select>", "contrast 1.92 of SPAN \"pale\""], await page.EvaluateAsync<string[]>(Problems));

        await page.GotoAsync("/");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Bosun", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Projects", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));

        var signedOut = await (await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _server.Client.BaseAddress!.ToString() })).NewPageAsync();
        await signedOut.GotoAsync("/login");
        Assert.Empty(await signedOut.EvaluateAsync<string[]>(Problems));
    }
}
