using System.Text.RegularExpressions;
using CaseEngine.Tests.Api;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CaseEngine.Tests.Web;

/// <summary>
/// The citizen's status page in a real browser (the address of the QR code on the slips): the 4 phone digits asked
/// first, the status, timeline and appointment shown, wrong digits refused in words, the rating form once returned.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class CitizenStatusPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private WebEngine _web = null!;
    private Uri _engine = null!;
    private Counter _counter = null!;

    public Task InitializeAsync()
    {
        _web = WebEngine.Start(new ApiFactory { Settings = WebEngine.Kestrel() });
        _engine = _web.Address;
        _counter = _web.Counter;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private static async Task LookUpAsync(IPage page, string digits)
    {
        await page.GetByLabel("4 số cuối điện thoại").FillAsync(digits);
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem tình trạng" }).ClickAsync();
    }

    [Fact]
    public async Task StatusPage_AsksForThePhoneDigits_ThenShowsStatusTimelineAndAppointment()
    {
        var code = await _counter.ReceiveAsync();
        await _counter.StepAsync(code, "forward");
        var page = await browser.NewPageAsync(_engine);

        await page.GotoAsync($"/tra-cuu/{code}");

        await Expect(page.Locator("#code-text")).ToHaveTextAsync(code);
        await Expect(page.Locator("#result")).ToBeHiddenAsync();
        await LookUpAsync(page, "5678");

        await Expect(page.Locator("#status-title")).ToHaveTextAsync("Đang xử lý");
        var facts = page.Locator("#facts");
        await Expect(facts).ToContainTextAsync("UBND huyện Gia Lâm");
        await Expect(facts).ToContainTextAsync("09:00, thứ Ba 13/09/2022");   // received
        await Expect(facts).ToContainTextAsync("11:00, thứ Ba 13/09/2022");   // 2 working hours later
        await Expect(page.Locator("#timeline li")).ToHaveTextAsync(
            [new Regex("^Hồ sơ được tạo"), new Regex("^Tiếp nhận hồ sơ"), new Regex("^Chuyển bộ phận chuyên môn xử lý")]);
        await Expect(page.Locator("#rating")).ToBeHiddenAsync();
        var text = await page.Locator("body").InnerTextAsync();
        Assert.All(Counter.PersonalData, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));

        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "tra-cuu-trang-thai-1366", fullPage: true);
    }

    [Fact]
    public async Task StatusPage_WithWrongDigits_SaysSoInVietnamese_AndShowsNothing()
    {
        var code = await _counter.ReceiveAsync();
        var page = await browser.NewPageAsync(_engine, BrowserFixture.Phone, isMobile: true);
        await page.GotoAsync($"/tra-cuu/{code}");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "tra-cuu-nhap-so-390");

        await LookUpAsync(page, "0000");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(new Regex("^Không tìm thấy hồ sơ. Mã hồ sơ hoặc 4 số cuối điện thoại không đúng"));
        await Expect(page.Locator("#result")).ToBeHiddenAsync();

        await LookUpAsync(page, "56");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Vui lòng nhập đúng 4 chữ số cuối của số điện thoại.");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "tra-cuu-sai-so-390");
    }

    [Fact]
    public async Task StatusPage_OfAReturnedDossier_ShowsTheRatingForm_AndSendsTheRatingOnce()
    {
        var code = await _counter.ReceiveAsync();
        await _counter.ReturnAsync(code);
        var page = await browser.NewPageAsync(_engine, BrowserFixture.Phone, isMobile: true);
        await page.GotoAsync($"/tra-cuu/{code}");
        await LookUpAsync(page, "5678");

        await Expect(page.Locator("#status-title")).ToHaveTextAsync("Đã trả kết quả");
        var rating = page.Locator("#rating");
        await Expect(rating).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "tra-cuu-danh-gia-390", fullPage: true);

        // Nothing chosen: asked to choose.
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).ClickAsync();
        await Expect(page.Locator("#rating-message")).ToHaveTextAsync("Vui lòng chọn một mức độ hài lòng.");

        await page.GetByText("Hài lòng", new() { Exact = true }).ClickAsync();
        await page.GetByLabel("Góp ý").FillAsync("Cán bộ hướng dẫn tận tình, trả kết quả đúng hẹn.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).ClickAsync();

        await Expect(page.Locator("#rating-message")).ToHaveTextAsync(new Regex("^Cảm ơn bạn đã đánh giá!"));
        await Expect(page.Locator("#rating-form")).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(page, "tra-cuu-da-danh-gia-390", fullPage: true);

        // Looked up again: the dossier is rated, the form is not offered.
        await page.ReloadAsync();
        await LookUpAsync(page, "5678");
        await Expect(page.Locator("#rating-intro")).ToHaveTextAsync("Bạn đã đánh giá việc giải quyết hồ sơ này. Cảm ơn bạn!");
        await Expect(page.Locator("#rating-form")).ToBeHiddenAsync();
    }
}
