using System.Text.RegularExpressions;
using CaseEngine.Tests.Api;
using CaseEngine.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CaseEngine.Tests.Web;

/// <summary>
/// The lobby board in a real browser, on PostgreSQL: every change reaches the page through the database's
/// notification (the only signal in that mode), with no reload. The page's clock is Playwright's, paused, so that
/// what the page counts down on its own is told apart from what the server sends.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LobbyBoardPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly DateTime PageClock = new(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private TestDatabase _database = null!;
    private WebEngine _web = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("board");
        _web = WebEngine.Start(new ApiFactory { ConnectionString = _database.ConnectionString, Settings = WebEngine.Kestrel() });
    }

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>The district's board at <paramref name="viewport"/>, its clock paused.</summary>
    private async Task<IPage> OpenBoardAsync(ViewportSize viewport, bool isMobile = false, string office = TestReferenceData.District)
    {
        var page = await browser.NewPageAsync(_web.Address, viewport, isMobile);
        await page.Clock.InstallAsync(new() { TimeDate = PageClock });
        await page.Clock.PauseAtAsync(PageClock.AddHours(1));
        await page.GotoAsync($"/bang/{office}");
        return page;
    }

    private static ILocator Row(IPage page, string code) => page.Locator($"#open-rows tr[data-code='{code}']");

    [Fact]
    public async Task Board_ShowsANewDossierWithoutReload_CountsDown_ChangesBucket_AndFollowsItsSteps()
    {
        var page = await OpenBoardAsync(BrowserFixture.Tv);
        await Expect(page.Locator("#connection")).ToContainTextAsync("Tự động cập nhật");
        await Expect(page.Locator("#open-empty")).ToBeVisibleAsync();
        await Expect(page.Locator("#office-name")).ToHaveTextAsync("UBND huyện Gia Lâm");

        // Received while the page is open (Tuesday 09:00, fast track: due 11:00): it appears by itself.
        var code = await _web.Counter.ReceiveAsync();
        var row = Row(page, code);
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator("td.status")).ToHaveTextAsync("Được tiếp nhận");
        await Expect(row.Locator("td.due")).ToHaveTextAsync("11:00, thứ Ba 13/09/2022");
        await Expect(row.Locator(".countdown")).ToHaveTextAsync("2:00:00");
        await Expect(row.Locator("td.bucket")).ToHaveTextAsync("Chưa đến hạn");
        await Expect(page.Locator("#count-not-yet-due")).ToHaveTextAsync("1");

        // The page counts down on its own clock between two pushes: 61 seconds of page time.
        await page.Clock.RunForAsync(61_000);
        await Expect(row.Locator(".countdown")).ToHaveTextAsync("1:58:59");
        await Expect(row.Locator(".countdown-words")).ToHaveTextAsync("còn 1 giờ 58 phút");

        // The engine's time passes (30 minutes): the server reads the board again and pushes it; the page takes its figure.
        _web.Time.Advance(TimeSpan.FromMinutes(30));
        await Expect(row.Locator(".countdown")).ToHaveTextAsync("1:30:00");
        await Expect(page.Locator("#clock")).ToHaveTextAsync("09:30:00, thứ Ba 13/09/2022");

        // 10:31, past the nearly-late point (75 % of 2 hours, 10:30): the server says nearly late.
        _web.Time.Advance(TimeSpan.FromMinutes(61));
        await Expect(row.Locator(".countdown")).ToHaveTextAsync("0:29:00");
        await Expect(row.Locator("td.bucket")).ToHaveTextAsync("Sắp đến hạn");
        await Expect(row).ToHaveClassAsync("nearly-late");
        await Expect(page.Locator("#count-nearly-late")).ToHaveTextAsync("1");

        // 30 more minutes of page time, with no push: the page itself finds it late, in words and colour.
        await page.Clock.RunForAsync(30 * 60_000);
        await Expect(row.Locator(".countdown")).ToHaveTextAsync("−0:01:00");
        await Expect(row.Locator(".countdown-words")).ToHaveTextAsync("quá hạn 1 phút");
        await Expect(row.Locator("td.bucket")).ToHaveTextAsync("Quá hạn");
        await Expect(row).ToHaveClassAsync("late");
        await Expect(page.Locator("#count-late")).ToHaveTextAsync("1");

        // Each step reaches the board: forwarded, then submitted for signature, then ready to collect, then returned.
        await _web.Counter.StepAsync(code, "forward");
        await Expect(row.Locator("td.status")).ToHaveTextAsync("Đang xử lý");
        await _web.Counter.StepAsync(code, "submit-for-signature");
        await Expect(row.Locator("td.status")).ToHaveTextAsync("Đang xử lý (trình ký)");
        await _web.Counter.StepAsync(code, "approve");
        await Expect(row).ToHaveCountAsync(0);
        await Expect(page.Locator($"#ready-list li[data-code='{code}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#count-ready")).ToHaveTextAsync("1");
        await _web.Counter.StepAsync(code, "return");
        await Expect(page.Locator($"#ready-list li[data-code='{code}']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#open-empty")).ToBeVisibleAsync();
        await Expect(page.Locator("#ready-empty")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Board_WithDossiersInEveryBucket_IsAccessible_AtTvDesktopAndPhoneWidths_AndShowsNoPersonalData()
    {
        var counter = _web.Counter;
        var late = new[] { await counter.ReceiveAsync(), await counter.ReceiveAsync() };               // 09:00, due 11:00
        _web.Time.Advance(TimeSpan.FromMinutes(40));
        var nearlyLate = new[] { await counter.ReceiveAsync(), await counter.ReceiveAsync() };         // 09:40, due 11:40
        var paused = await counter.ReceiveAsync();
        await counter.StepAsync(paused, "request-supplement");
        _web.Time.Advance(TimeSpan.FromMinutes(35));
        var notYetDue = new[] { await counter.ReceiveAsync(), await counter.ReceiveAsync(), await counter.ReceiveAsync(fastTrack: false) };
        await counter.StepAsync(notYetDue[0], "forward");
        var ready = new[] { await counter.ReceiveAsync(), await counter.ReceiveAsync() };
        foreach (var code in ready)
        {
            foreach (var step in new[] { "forward", "submit-for-signature", "approve" })
            {
                await counter.StepAsync(code, step);
            }
        }

        // Tuesday 11:15: the first two are late, the next two nearly late.
        _web.Time.Advance(TimeSpan.FromMinutes(60));

        foreach (var (viewport, name, mobile) in new[]
        {
            (BrowserFixture.Tv, "bang-1920", false), (BrowserFixture.Desktop, "bang-1366", false), (BrowserFixture.Phone, "bang-390", true),
        })
        {
            var page = await OpenBoardAsync(viewport, mobile);
            await Expect(page.Locator("#clock")).ToHaveTextAsync("11:15:00, thứ Ba 13/09/2022");
            await Expect(page.Locator("#open-rows tr")).ToHaveCountAsync(8);
            foreach (var code in late)
            {
                await Expect(Row(page, code).Locator("td.bucket")).ToHaveTextAsync("Quá hạn");
            }

            foreach (var code in nearlyLate)
            {
                await Expect(Row(page, code).Locator("td.bucket")).ToHaveTextAsync("Sắp đến hạn");
            }

            await Expect(Row(page, paused).Locator("td.bucket")).ToHaveTextAsync(new Regex("Chưa đến hạn\\s*Tạm dừng"));
            await Expect(Row(page, paused).Locator("td.status")).ToHaveTextAsync("Yêu cầu bổ sung");
            await Expect(page.Locator("#ready-list li")).ToHaveTextAsync(ready.Reverse().ToArray());
            await Expect(page.Locator("#count-late")).ToHaveTextAsync("2");
            await Expect(page.Locator("#count-nearly-late")).ToHaveTextAsync("2");
            await Expect(page.Locator("#count-not-yet-due")).ToHaveTextAsync("4");
            await Expect(page.Locator("#count-ready")).ToHaveTextAsync("2");

            // Most urgent first: the late ones, then nearly late, then the rest; the paused one last.
            var order = await page.Locator("#open-rows tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.code)");
            Assert.Equal(late.Order(StringComparer.Ordinal), order[..2]);
            Assert.Equal(nearlyLate.Order(StringComparer.Ordinal), order[2..4]);
            Assert.Equal(paused, order[^1]);

            var text = await page.Locator("body").InnerTextAsync();
            Assert.All(Counter.PersonalData, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
            await BrowserFixture.ScreenshotAsync(page, name, fullPage: mobile);
            await BrowserFixture.AssertAccessibleAsync(page, resumeClock: true);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Board_OfAnUnknownOffice_SaysSo()
    {
        var page = await OpenBoardAsync(BrowserFixture.Desktop, office: "99999");

        await Expect(page.Locator("#board-message")).ToHaveTextAsync("Không có bộ phận một cửa mã “99999”. Vui lòng kiểm tra lại địa chỉ trang.");
        await BrowserFixture.AssertAccessibleAsync(page, resumeClock: true);
    }
}
