using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Wording;
using CaseEngine.Tests.Api;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CaseEngine.Tests.Web;

/// <summary>
/// The district administrators' page in a real browser, on Tuesday 1 December 2026 with the shipped calendar ending a
/// month later: the coverage warning, next year's New Year's Day entered, previewed and saved, the dossier due across it
/// revised; bad entries answered at their fields; other users refused in the server's words; the leaders warned too.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class AdminPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private string _folder = null!;
    private WebEngine _web = null!;

    public Task InitializeAsync()
    {
        _folder = CalendarAdminApiTests.LongerProcedure(TestReferenceData.StandardDaysProcedure(OfficeLevel.District).Code);
        _web = WebEngine.Start(new ApiFactory
        {
            Time = new FakeTimeProvider(CalendarAdminApiTests.Tuesday),
            Settings = WebEngine.Kestrel(new Dictionary<string, string?> { ["CaseEngine:ReferenceDataPath"] = _folder }),
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ADistrictAdministrator_EntersNewYearsDay_PreviewsTheDossierItMoves_AndSavesIt()
    {
        var code = await _web.Counter.ReceiveAsync(fastTrack: false);
        using var officer = Client(_web, Tokens.For(Role.CounterOfficer, TestReferenceData.District));
        var oldDue = await DueAsync(officer, code);
        var page = await SignedInAsync(browser, _web, Tokens.For(Role.Administrator, TestReferenceData.District, districtWide: true));

        await Expect(page.Locator("#coverage-warning")).ToContainTextAsync("31/12/2026");
        await Expect(page.Locator("#coverage-warning")).ToContainTextAsync("Hãy nhập lịch năm 2027");
        await Expect(page.GetByLabel("Năm của lịch")).ToHaveValueAsync("2027");
        await Expect(page.Locator("#calendar-title")).ToHaveTextAsync("Lịch năm 2027");

        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm đợt nghỉ" }).ClickAsync();
        await page.GetByLabel("Từ ngày").FillAsync("2027-01-01");
        await page.GetByLabel("Đến ngày").FillAsync("2027-01-01");
        await page.GetByLabel("Tên ngày nghỉ").FillAsync("Tết Dương lịch 2027");
        await page.GetByLabel("Văn bản quyết định").FillAsync("Thông báo số 01/TB-TEST");
        await page.GetByLabel("Lý do thay đổi").FillAsync("Theo thông báo nghỉ Tết Dương lịch 2027");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Lưu" })).ToBeDisabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem trước" }).ClickAsync();

        await Expect(page.Locator("#preview-summary")).ToHaveTextAsync("Lịch nghỉ lễ, Tết năm 2027: thêm ngày nghỉ 01/01/2027");
        var first = page.Locator("#shifts tbody tr").First;
        await Expect(first).ToHaveAttributeAsync("data-code", code);
        await Expect(first).ToContainTextAsync(Shown(oldDue));
        var previewed = await first.InnerTextAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();

        await Expect(page.Locator("#result-message")).ToContainTextAsync("Đã lưu phiên bản 2");
        await Expect(page.Locator("#result-message")).ToContainTextAsync("Đã điều chỉnh hạn 1 hồ sơ");
        var newDue = await DueAsync(officer, code);
        Assert.NotEqual(oldDue, newDue);
        Assert.Contains(Shown(newDue), previewed, StringComparison.Ordinal);
        await Expect(page.Locator("#revised tbody tr").First).ToHaveAttributeAsync("data-code", code);
        await Expect(page.Locator("#revised tbody tr").First).ToContainTextAsync(Shown(newDue));
        await Expect(page.Locator("#shifts")).Not.ToBeVisibleAsync();
        var latest = page.Locator("#versions tbody tr").First;
        await Expect(latest).ToContainTextAsync("Theo thông báo nghỉ Tết Dương lịch 2027");
        await Expect(latest).ToContainTextAsync("Thông báo số 01/TB-TEST");
        await Expect(latest).ToContainTextAsync("Đang áp dụng");
        await Expect(latest.Locator("td").First).ToHaveTextAsync("2");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "quan-tri-desktop", fullPage: true);

        // The calendar now reaches 31/12/2027: no warning, and the page opens at the current year.
        await page.ReloadAsync();
        await Expect(page.Locator("#calendar-title")).ToHaveTextAsync("Lịch năm 2026");
        await Expect(page.Locator("#coverage-warning")).ToBeEmptyAsync();
        await Expect(page.Locator("#coverage-warning")).ToBeHiddenAsync();
        await page.GetByLabel("Năm của lịch").FillAsync("2027");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mở lịch năm" }).ClickAsync();

        // Until 2027 is shown, 2026's five days off match the label: a locator matching several fails at once.
        await Expect(page.Locator("#calendar-title")).ToHaveTextAsync("Lịch năm 2027");
        await Expect(page.GetByLabel("Tên ngày nghỉ")).ToHaveValueAsync("Tết Dương lịch 2027");
    }

    [Fact]
    public async Task ARunEndingBeforeItStarts_IsAnsweredBesideItsField_InTheServersWords()
    {
        var page = await SignedInAsync(browser, _web, Tokens.For(Role.Administrator, TestReferenceData.District, districtWide: true));
        await Expect(page.Locator("#calendar-title")).ToHaveTextAsync("Lịch năm 2027");

        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm đợt nghỉ" }).ClickAsync();
        await page.GetByLabel("Từ ngày").FillAsync("2027-02-10");
        await page.GetByLabel("Đến ngày").FillAsync("2027-02-05");
        await page.GetByLabel("Tên ngày nghỉ").FillAsync("Tết Nguyên đán");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem trước" }).ClickAsync();

        var to = page.GetByLabel("Đến ngày");
        await Expect(to).ToHaveAttributeAsync("aria-invalid", "true");
        var error = page.Locator("input[data-key='daysOff[0].to'] + .field-error");
        await Expect(error).ToHaveTextAsync("Ngày kết thúc 05/02/2027 ở trước ngày bắt đầu 10/02/2027.");
        await Expect(page.Locator("#reason + .field-error")).ToContainTextAsync("lý do");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Lưu" })).ToBeDisabledAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "quan-tri-loi", fullPage: true);
    }

    [Fact]
    public async Task ACommuneAdministrator_IsToldThePageIsForTheDistricts()
    {
        var page = await SignedInAsync(browser, _web, Tokens.For(Role.Administrator, TestReferenceData.Commune));

        await Expect(page.Locator("#sign-in-message")).ToContainTextAsync("Chỉ quản trị viên cấp huyện");
        await Expect(page.Locator("#desk")).ToBeHiddenAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task TheLeadersPage_ShowsTheCoverageWarning()
    {
        var page = await browser.NewPageAsync(_web.Address);
        await page.GotoAsync("/lanh-dao");
        await page.GetByLabel("Mã đăng nhập của lãnh đạo").FillAsync(Tokens.For(Role.Leader, TestReferenceData.District, districtWide: true));
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();

        using var leader = Client(_web, Tokens.For(Role.Leader, TestReferenceData.District));
        var coverage = await leader.GetFromJsonAsync<JsonElement>("/api/calendar/coverage");
        Assert.False(coverage.GetProperty("sufficient").GetBoolean());
        await Expect(page.Locator("#coverage-warning")).ToHaveTextAsync(coverage.GetProperty("warning").GetString()!);
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task HomePage_LinksTheAdministratorsPage()
    {
        var page = await browser.NewPageAsync(_web.Address);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Dữ liệu danh mục: lịch nghỉ lễ, đơn vị, thủ tục, bộ quy tắc (quản trị viên cấp huyện)" }).ClickAsync();
        await Expect(page.GetByLabel("Mã đăng nhập của quản trị viên")).ToBeVisibleAsync();
    }

    /// <summary>A new page of <paramref name="web"/>'s administrators' page, signed in with <paramref name="token"/>.</summary>
    internal static async Task<IPage> SignedInAsync(BrowserFixture browser, WebEngine web, string token)
    {
        var page = await browser.NewPageAsync(web.Address);
        await page.GotoAsync("/quan-tri");
        await page.GetByLabel("Mã đăng nhập của quản trị viên").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        return page;
    }

    /// <summary>A client of <paramref name="web"/> over real HTTP, signed with <paramref name="token"/>.</summary>
    internal static HttpClient Client(WebEngine web, string token)
    {
        var client = web.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<DateTimeOffset> DueAsync(HttpClient client, string code) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/dossiers/{code}")).GetProperty("sla").GetProperty("dueAt").GetDateTimeOffset();

    // As the pages write an instant, in the office's time the API gives it in: "16:30, thứ Tư 06/01/2027".
    private static string Shown(DateTimeOffset instant) =>
        string.Create(CultureInfo.InvariantCulture, $"{instant:HH:mm}, {VietnameseWords.Weekday(instant.DayOfWeek)} {instant:dd/MM/yyyy}");
}
