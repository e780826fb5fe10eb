using System.Text.Json.Nodes;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Api;
using CaseEngine.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CaseEngine.Tests.Web;

/// <summary>
/// The counter and the citizen's page word the fast-track rule and the times as the reference data says, not as the
/// pages would: an engine whose rule set gives 90 working minutes on Tuesdays and Thursdays.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class FastTrackWordingPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Promise = "Giải quyết trong 1 giờ 30 phút làm việc khi nộp vào ngày thứ Ba, thứ Năm (nộp muộn nhất 15:30)";
    private const string FastTrackGiven = "1 giờ 30 phút làm việc (giải quyết nhanh ngày thứ Ba)";

    private string _data = null!;
    private WebEngine _web = null!;

    public Task InitializeAsync()
    {
        _data = Directory.CreateTempSubdirectory("caseengine-wording-").FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "ReferenceData")))
        {
            File.Copy(file, Path.Combine(_data, Path.GetFileName(file)));
        }

        Edit(ReferenceDataLoader.RuleSetFile, root => root["fastTrackWorkingMinutes"] = 90);
        Edit(ReferenceDataLoader.OfficesFile, root => root["defaults"]!["fastTrackDays"] = new JsonArray("Tuesday", "Thursday"));
        _web = WebEngine.Start(new ApiFactory { Settings = WebEngine.Kestrel(new Dictionary<string, string?> { ["CaseEngine:ReferenceDataPath"] = _data }) });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private void Edit(string file, Action<JsonNode> edit)
    {
        var path = Path.Combine(_data, file);
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        edit(root);
        File.WriteAllText(path, root.ToJsonString());
    }

    [Fact]
    public async Task TheCounter_WordsTheFastTrackRuleAndTimeLeft_FromTheReferenceData()
    {
        var code = await _web.Counter.ReceiveAsync(); // Tuesday 09:00: due 10:30
        var page = await browser.NewPageAsync(_web.Address);
        await page.GotoAsync("/quay");
        await page.GetByLabel("Mã đăng nhập của cán bộ").FillAsync(Tokens.For(Role.CounterOfficer, TestReferenceData.District));
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();

        await page.GetByLabel("Thủ tục").SelectOptionAsync(TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code);
        await Expect(page.Locator("#procedure-facts")).ToContainTextAsync($"★ {Promise}.");

        var row = page.Locator($"#open tbody tr[data-code='{code}']");
        await Expect(row).ToContainTextAsync("còn 1 giờ 30 phút");
        await Expect(row).ToContainTextAsync("10:30, thứ Ba 13/09/2022");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Mở hồ sơ {code}" }).ClickAsync();
        await Expect(page.Locator("#detail-facts")).ToContainTextAsync(FastTrackGiven);
        await Expect(page.Locator("#detail-facts")).ToContainTextAsync("09:00, thứ Ba 13/09/2022");
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task TheCitizensPage_WordsTheTimeGiven_AndShowsReceptionClockStartAndAppointmentInOrder()
    {
        var inHours = await _web.Counter.ReceiveAsync();
        _web.Time.Advance(new TimeSpan(9, 9, 0)); // Tuesday 18:09, after closing
        var afterClosing = await _web.Counter.ReceiveAsync();
        var page = await browser.NewPageAsync(_web.Address, BrowserFixture.Phone, isMobile: true);

        await page.GotoAsync($"/tra-cuu/{inHours}");
        await page.GetByLabel("4 số cuối điện thoại").FillAsync("5678");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem tình trạng" }).ClickAsync();
        var facts = page.Locator("#facts");
        await Expect(facts).ToContainTextAsync(FastTrackGiven);
        await Expect(facts).ToContainTextAsync("10:30, thứ Ba 13/09/2022");
        await Expect(facts).Not.ToContainTextAsync("Thời gian giải quyết tính từ");

        await page.GotoAsync($"/tra-cuu/{afterClosing}");
        await page.GetByLabel("4 số cuối điện thoại").FillAsync("5678");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem tình trạng" }).ClickAsync();
        await Expect(facts.Locator("dt")).ToHaveTextAsync(
            ["Mã hồ sơ", "Thủ tục", "Nơi giải quyết", "Tiếp nhận lúc", "Thời gian giải quyết tính từ", "Thời gian giải quyết", "Hẹn trả kết quả"]);
        await Expect(facts.Locator("dd").Nth(3)).ToHaveTextAsync("18:09, thứ Ba 13/09/2022");
        await Expect(facts.Locator("dd").Nth(4)).ToHaveTextAsync("08:00, thứ Tư 14/09/2022");
        await Expect(facts.Locator("dd").Nth(5)).ToContainTextAsync("nộp ngoài giờ làm việc ngày thứ Ba");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "tra-cuu-sau-gio-390", fullPage: true);
    }
}
