using System.Text.RegularExpressions;
using CaseEngine.Tests.Api;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CaseEngine.Tests.Web;

/// <summary>The home page in a real browser: the look-up and the office picker lead to the other pages; too many look-ups are refused in words.</summary>
[Collection(WebCollection.Name)]
public sealed class HomePageTests(BrowserFixture browser)
{
    [Fact]
    public async Task HomePage_LeadsToTheStatusPageAndToEachOfficesBoard_AndIsAccessible()
    {
        await using var web = WebEngine.Start(new ApiFactory { Settings = WebEngine.Kestrel() });
        foreach (var (viewport, name, mobile) in new[] { (BrowserFixture.Desktop, "trang-chu-1366", false), (BrowserFixture.Phone, "trang-chu-390", true) })
        {
            var page = await browser.NewPageAsync(web.Address, viewport, mobile);
            await page.GotoAsync("/");
            await Expect(page.Locator("#board-office option")).ToHaveCountAsync(23);
            await BrowserFixture.AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, name, fullPage: true);
            await page.Context.CloseAsync();
        }

        var home = await browser.NewPageAsync(web.Address);
        await home.GotoAsync("/");
        await home.GetByLabel("Bộ phận một cửa").SelectOptionAsync("00565");
        await home.GetByRole(AriaRole.Button, new() { Name = "Mở bảng theo dõi" }).ClickAsync();
        await Expect(home).ToHaveURLAsync(new Regex("/bang/00565$"));
        await Expect(home.Locator("#office-name")).ToHaveTextAsync("UBND thị trấn Trâu Quỳ");

        await home.GotoAsync("/");
        await home.GetByLabel("Mã hồ sơ").FillAsync("018-220913-0001");
        await home.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        await Expect(home).ToHaveURLAsync(new Regex("/tra-cuu/018-220913-0001$"));
        await Expect(home.Locator("#code-text")).ToHaveTextAsync("018-220913-0001");
    }

    [Fact]
    public async Task StatusPage_WhenTooManyLookUpsComeFromOneAddress_SaysToTryAgainInAMinute()
    {
        await using var web = WebEngine.Start(new ApiFactory { PublicRequestsPerMinute = 2, Settings = WebEngine.Kestrel() });
        var code = await web.Counter.ReceiveAsync();
        var page = await browser.NewPageAsync(web.Address, BrowserFixture.Phone, isMobile: true);
        await page.GotoAsync($"/tra-cuu/{code}");

        for (var i = 0; i < 3; i++)
        {
            await page.GetByLabel("4 số cuối điện thoại").FillAsync("0000");
            await page.GetByRole(AriaRole.Button, new() { Name = "Xem tình trạng" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).Not.ToBeEmptyAsync();
            if (i < 2)
            {
                await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(new Regex("^Không tìm thấy hồ sơ"));
            }
        }

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Bạn đã thao tác quá nhiều lần. Vui lòng thử lại sau 1 phút.");
        await BrowserFixture.ScreenshotAsync(page, "tra-cuu-qua-nhieu-lan-390");
    }
}
