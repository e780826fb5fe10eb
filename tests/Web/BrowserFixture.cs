using CaseEngine.Tests.Support;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CaseEngine.Tests.Web;

/// <summary>
/// Headless Chromium from Debian's <c>chromium</c> package (<c>/usr/bin/chromium</c>), driven by Playwright; nothing
/// is downloaded. One browser for the web tests, a fresh context (cookies, storage, clock) per page.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where Debian installs Chromium; <c>./test.sh</c> installs it when missing.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The desktop sizes of the screenshots: a counter PC and the lobby TV.</summary>
    public static readonly ViewportSize Desktop = new() { Width = 1366, Height = 768 };

    public static readonly ViewportSize Tv = new() { Width = 1920, Height = 1080 };

    /// <summary>A phone (390×844 CSS pixels).</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium package (./test.sh does when run as root).");
        }

        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>A new page of a fresh context, at <paramref name="viewport"/>, in Vietnamese, reaching <paramref name="engine"/>.</summary>
    public async Task<IPage> NewPageAsync(Uri engine, ViewportSize? viewport = null, bool isMobile = false)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = engine.ToString(),
            ViewportSize = viewport ?? Desktop,
            IsMobile = isMobile,
            HasTouch = isMobile,
            DeviceScaleFactor = 1,
            Locale = "vi-VN",
            TimezoneId = "Asia/Ho_Chi_Minh",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        return page;
    }

    /// <summary>Saves a full-page screenshot as <paramref name="name"/>.png (see <see cref="Screenshots"/>).</summary>
    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = false) =>
        await page.ScreenshotAsync(new() { Path = Screenshots.PathOf(name), FullPage = fullPage });

    /// <summary>
    /// Runs axe-core on the page (WCAG 2.0–2.2 A and AA rules and best practices) and fails on any violation, naming
    /// each. axe waits on the page's timers: a page whose clock a test paused has it resumed first.
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page, bool resumeClock = false)
    {
        if (resumeClock)
        {
            await page.Clock.ResumeAsync();
        }

        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        });
        var violations = result.Violations.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Select(n => $"{n.Html} ({string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))})"))}");
        Assert.True(result.Violations.Length == 0, $"axe-core found violations on {page.Url}:{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
    }
}

/// <summary>Where the web tests save their screenshots: <c>CASEENGINE_SCREENSHOTS</c> (relative to the repository), or beside the test binaries.</summary>
public static class Screenshots
{
    public const string Variable = "CASEENGINE_SCREENSHOTS";

    public static string Folder { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder
        ? Path.GetFullPath(Path.Combine(RepositoryPaths.Root, folder))
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static string PathOf(string name)
    {
        Directory.CreateDirectory(Folder);
        return Path.Combine(Folder, $"{name}.png");
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "web";
}
