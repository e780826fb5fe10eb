using System.Text.RegularExpressions;
using CaseEngine.Api.Security;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Api;
using CaseEngine.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CaseEngine.Tests.Web;

/// <summary>
/// The counter page in a real browser: sign in, enter a dossier with the citizen at the desk (no writing), see it among
/// the open dossiers with its working time left, take a step, print its slip; problems shown at their fields.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class CounterPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private WebEngine _web = null!;

    public Task InitializeAsync()
    {
        _web = WebEngine.Start(new ApiFactory { Settings = WebEngine.Kestrel() });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private async Task<IPage> SignedInAsync(Role role, ViewportSize? viewport = null)
    {
        var page = await browser.NewPageAsync(_web.Address, viewport);
        await page.GotoAsync("/quay");
        await page.GetByLabel("Mã đăng nhập của cán bộ").FillAsync(Tokens.For(role, TestReferenceData.District));
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Expect(page.Locator("#who")).ToContainTextAsync(Tokens.UserOf(role));
        return page;
    }

    private static async Task EnterAsync(IPage page, Procedure procedure, string citizenId = "001190012345")
    {
        await page.GetByLabel("Thủ tục").SelectOptionAsync(procedure.Code);
        await page.GetByLabel("Họ và tên").FillAsync("Nguyễn Thị Hồng Nhung");
        await page.GetByLabel("Số định danh cá nhân").FillAsync(citizenId);
        await page.GetByLabel("Số điện thoại").FillAsync("0912345678");
        await page.GetByLabel("Địa chỉ", new() { Exact = true }).FillAsync("Số 5 ngõ 12 Ngô Xuân Quảng, Trâu Quỳ, Gia Lâm");
        foreach (var field in procedure.Form)
        {
            var input = page.Locator($"#f-{field.Name}");
            if (field.Type == FormFieldType.Choice)
            {
                await input.SelectOptionAsync(field.Choices[0]);
            }
            else
            {
                await input.FillAsync(SampleForm.ValueFor(field));
            }
        }

        await page.Locator("label[for=consent-fingerprint]").ClickAsync(); // the pill the officer taps
        await Expect(page.GetByLabel("Điểm chỉ")).ToBeCheckedAsync();
    }

    [Fact]
    public async Task AnOfficer_EntersADossier_SeesItsTimeLeft_ForwardsIt_AndPrintsItsReceipt()
    {
        var procedure = TestReferenceData.StandardDaysProcedure(OfficeLevel.District);
        var page = await SignedInAsync(Role.CounterOfficer);

        await EnterAsync(page, procedure);
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận hồ sơ" }).ClickAsync();

        await Expect(page.Locator("#new-result")).ToContainTextAsync(new Regex(@"Đã tiếp nhận hồ sơ 018-220913-\d{4}, hẹn trả"));
        var code = Regex.Match(await page.Locator("#new-result").InnerTextAsync(), @"018-220913-\d{4}").Value;
        var row = page.Locator($"#open tbody tr[data-code='{code}']");
        await Expect(row).ToContainTextAsync("Được tiếp nhận");
        await Expect(row).ToContainTextAsync(new Regex("còn 15 ngày"));
        await Expect(row).ToContainTextAsync("Chưa đến hạn");
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync($"Hồ sơ {code}");
        await Expect(page.Locator("#detail-facts")).ToContainTextAsync("Nguyễn Thị Hồng Nhung");

        // The countdown follows the engine's clock: a working day later, a day less is left.
        _web.Time.Advance(TimeSpan.FromDays(1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Làm mới" }).ClickAsync();
        await Expect(row).ToContainTextAsync(new Regex("còn 14 ngày"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Chuyển xử lý" }).ClickAsync();
        await page.GetByLabel("Chuyển cho").FillAsync("cv.tuphap");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xác nhận" }).ClickAsync();
        await Expect(page.Locator("#detail-result")).ToContainTextAsync("Chuyển xử lý: đã xong");
        await Expect(row).ToContainTextAsync("Đang xử lý");
        await Expect(page.Locator("#timeline li")).ToHaveCountAsync(3);
        await Expect(page.Locator("#actions")).Not.ToContainTextAsync("Chuyển xử lý");

        var popup = await page.RunAndWaitForPopupAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu số 01)" }).ClickAsync());
        Assert.StartsWith("blob:", popup.Url, StringComparison.Ordinal);

        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "counter-desktop", fullPage: true);
    }

    [Fact]
    public async Task ABadEntry_IsShownAtItsField_AndAVolunteerSavesADraft()
    {
        var procedure = TestReferenceData.FastTrackProcedure(OfficeLevel.District);
        var page = await SignedInAsync(Role.Volunteer, BrowserFixture.Phone);

        await EnterAsync(page, procedure, citizenId: "12345");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu hồ sơ chờ tiếp nhận" }).ClickAsync();

        await Expect(page.Locator("#citizenId-error")).ToContainTextAsync("12 digits");
        await Expect(page.Locator("#citizenId")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByLabel("Số định danh cá nhân").FillAsync("001190012345");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu hồ sơ chờ tiếp nhận" }).ClickAsync();
        await Expect(page.Locator("#new-result")).ToContainTextAsync(new Regex(@"Đã lưu hồ sơ 018-220913-\d{4}"));
        await Expect(page.Locator("#actions")).ToContainTextAsync("Không có thao tác nào dành cho bạn");

        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "counter-phone", fullPage: true);
    }

    [Fact]
    public async Task AForgedToken_IsRefused_WithAMessage()
    {
        var page = await browser.NewPageAsync(_web.Address);
        await page.GotoAsync("/quay");

        await page.GetByLabel("Mã đăng nhập của cán bộ").FillAsync(Tokens.For(Role.CounterOfficer, TestReferenceData.District)[..^6] + "AAAAAA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();

        await Expect(page.Locator("#sign-in-message")).ToContainTextAsync("đăng nhập lại");
        await Expect(page.Locator("#desk")).ToBeHiddenAsync();
    }
}
