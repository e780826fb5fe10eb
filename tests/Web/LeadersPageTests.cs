using System.Text.RegularExpressions;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Api;
using CaseEngine.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CaseEngine.Tests.Web;

/// <summary>The leaders' page in a real browser: the fast-track report, the charts with their tables, the late dossiers, the exports.</summary>
[Collection(WebCollection.Name)]
public sealed class LeadersPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private WebEngine _web = null!;

    public Task InitializeAsync()
    {
        _web = WebEngine.Start(new ApiFactory { Settings = WebEngine.Kestrel() });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _web.DisposeAsync();

    [Fact]
    public async Task ADistrictLeader_SeesTheReport_TheOfficesAndTheLateDossiers_AndDownloadsTheTable()
    {
        var done = await _web.Counter.ReceiveAsync();
        await _web.Counter.ReturnAsync(done);
        var late = await _web.Counter.ReceiveAsync();
        _web.Time.Advance(TimeSpan.FromHours(3)); // 12:00: the second fast-track dossier, due at 11:00, is late
        var page = await browser.NewPageAsync(_web.Address);

        await page.GotoAsync("/lanh-dao");
        await page.GetByLabel("Mã đăng nhập của lãnh đạo").FillAsync(Tokens.For(Role.Leader, TestReferenceData.District, districtWide: true));
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.GetByLabel("Từ ngày").FillAsync("2022-09-01");
        await page.GetByLabel("Đến ngày").FillAsync("2022-09-30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem" }).ClickAsync();

        await Expect(page.Locator("#report-summary")).ToContainTextAsync("01/09/2022");
        await Expect(page.Locator("#report-facts")).ToContainTextAsync("1 / 1 hồ sơ trong 2 giờ làm việc");
        await Expect(page.Locator("#offices-table tbody tr")).ToHaveCountAsync(24);
        var district = page.Locator("#offices-table tbody tr", new() { HasText = "UBND huyện Gia Lâm" });
        await Expect(district).ToContainTextAsync("100 %");
        await Expect(page.Locator("#late-table")).ToContainTextAsync(late);
        await Expect(page.Locator("#late-table")).ToContainTextAsync("Quá hạn");
        await Expect(page.Locator("#offices-chart")).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Tải CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("UBND huyện Gia Lâm", csv, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"\.csv$"), download.SuggestedFilename);

        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "leaders-desktop", fullPage: true);
        await page.SetViewportSizeAsync(BrowserFixture.Phone.Width, BrowserFixture.Phone.Height);
        await BrowserFixture.ScreenshotAsync(page, "leaders-phone", fullPage: true);
    }

    [Fact]
    public async Task ACounterOfficer_IsToldThePageIsForLeaders()
    {
        var page = await browser.NewPageAsync(_web.Address);

        await page.GotoAsync("/lanh-dao");
        await page.GetByLabel("Mã đăng nhập của lãnh đạo").FillAsync(Tokens.For(Role.CounterOfficer, TestReferenceData.District));
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();

        await Expect(page.Locator("#sign-in-message")).ToContainTextAsync("dành cho lãnh đạo");
        await BrowserFixture.AssertAccessibleAsync(page);
    }
}
