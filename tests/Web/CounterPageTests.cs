using System.Text.RegularExpressions;
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

        await Expect(page.Locator("#citizenId-error")).ToHaveTextAsync("Số định danh cá nhân người nộp phải gồm 12 chữ số, ba chữ số đầu là mã tỉnh, thành phố từ 001 đến 096.");
        await Expect(page.Locator("#citizenId")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByLabel("Số định danh cá nhân").FillAsync("001190012345");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu hồ sơ chờ tiếp nhận" }).ClickAsync();
        await Expect(page.Locator("#new-result")).ToContainTextAsync(new Regex(@"Đã lưu hồ sơ 018-220913-\d{4}"));
        await Expect(page.Locator("#actions")).ToContainTextAsync("Không có thao tác nào dành cho bạn");

        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "counter-phone", fullPage: true);
    }

    [Fact]
    public async Task AMissingNameAndABadPhone_AreShownAtTheirFields_InVietnamese()
    {
        var procedure = TestReferenceData.Shipped.Procedures[HouseholdBusiness];
        var page = await SignedInAsync(Role.CounterOfficer);

        await EnterAsync(page, procedure);
        await page.GetByLabel("Họ và tên").FillAsync("");
        await page.GetByLabel("Số điện thoại").FillAsync("0912-345");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận hồ sơ" }).ClickAsync();

        // Each message stands right after its field and describes it.
        await Expect(page.Locator("#fullName + .field-error")).ToHaveTextAsync("Họ và tên người nộp là bắt buộc.");
        await Expect(page.Locator("#phone + .field-error")).ToHaveTextAsync("Số điện thoại người nộp phải có từ 8 đến 20 chữ số, có thể bắt đầu bằng dấu +.");
        await Expect(page.Locator("#fullName")).ToHaveAttributeAsync("aria-describedby", "fullName-error");
        await Expect(page.Locator("#phone")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#citizenId")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#new-result")).ToContainTextAsync("Thông tin nhập chưa hợp lệ");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "counter-field-errors");

        await page.GetByLabel("Họ và tên").FillAsync("Nguyễn Thị Hồng Nhung");
        await page.GetByLabel("Số điện thoại").FillAsync("0912345678");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận hồ sơ" }).ClickAsync();
        await Expect(page.Locator("#new-result")).ToContainTextAsync(new Regex(@"Đã tiếp nhận hồ sơ 018-220913-\d{4}"));
        await Expect(page.Locator(".field-error")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task NumberAndDayFields_TakeNumbersAndDays_AsTheCatalogueSays()
    {
        var page = await SignedInAsync(Role.CounterOfficer);

        await page.GetByLabel("Thủ tục").SelectOptionAsync(HouseholdBusiness);
        await Expect(page.Locator("#f-capital")).ToHaveAttributeAsync("type", "number");
        await Expect(page.Locator("#f-businessName")).ToHaveAttributeAsync("type", "text");
        await Expect(page.Locator("#f-businessLine")).ToHaveJSPropertyAsync("tagName", "SELECT");
        var withADay = TestReferenceData.Shipped.Procedures.Values.First(p => p.Level == OfficeLevel.District && p.Form.Any(f => f.Type == FormFieldType.Date));
        await page.GetByLabel("Thủ tục").SelectOptionAsync(withADay.Code);
        await Expect(page.Locator($"#f-{withADay.Form.First(f => f.Type == FormFieldType.Date).Name}")).ToHaveAttributeAsync("type", "date");
        await Expect(page.Locator("#citizenId")).ToHaveAttributeAsync("inputmode", "numeric");
        await Expect(page.Locator("#phone")).ToHaveAttributeAsync("type", "tel");
    }

    [Fact]
    public async Task AfterTheFirstSupplementRequest_TheCounterNoLongerOffersOne()
    {
        var code = await _web.Counter.ReceiveAsync(fastTrack: false);
        var page = await SignedInAsync(Role.CounterOfficer);

        await OpenAsync(page, code);
        await Expect(page.Locator("#actions button")).ToHaveTextAsync(["Chuyển xử lý", "Yêu cầu bổ sung (mẫu 02)", "Yêu cầu nộp phí, lệ phí", "Công dân rút hồ sơ"]);
        await PressAsync(page, "Yêu cầu bổ sung (mẫu 02)");
        await Expect(page.Locator("#actions button")).ToHaveTextAsync(["Nhận hồ sơ bổ sung", "Công dân rút hồ sơ"]);
        await PressAsync(page, "Nhận hồ sơ bổ sung");

        await Expect(page.Locator("#actions button")).ToHaveTextAsync(["Chuyển xử lý", "Yêu cầu nộp phí, lệ phí", "Công dân rút hồ sơ"]);
        await Expect(page.Locator("#actions")).Not.ToContainTextAsync("Yêu cầu bổ sung");
    }

    [Theory]
    [InlineData(Role.CounterOfficer)]
    [InlineData(Role.Specialist)]
    [InlineData(Role.Leader)]
    public async Task EveryButtonTheCounterShows_SucceedsWhenPressed(Role role)
    {
        var page = await SignedInAsync(role);
        var pressed = new List<string>();

        foreach (var point in new[] { "draft", "received", "in processing", "awaiting signature", "supplement", "payment", "ready" })
        {
            await PressEachAsync(page, () => _web.Counter.AtAsync(point), point, pressed);
        }

        // Nearly late (75 % of the fast-track 2 hours gone), the apology is offered too.
        var received = new Queue<string>();
        for (var i = 0; i < 6; i++)
        {
            received.Enqueue(await _web.Counter.ReceiveAsync());
        }

        _web.Time.Advance(TimeSpan.FromMinutes(95));
        await PressEachAsync(page, () => Task.FromResult(received.Dequeue()), "nearly late", pressed);

        Assert.Contains(pressed, p => p.StartsWith("nearly late: ", StringComparison.Ordinal) && (role == Role.Specialist || p.EndsWith("Xin lỗi, hẹn lại (mẫu 04)", StringComparison.Ordinal)));
        Assert.True(pressed.Count >= (role == Role.CounterOfficer ? 20 : 6), string.Join("; ", pressed));
    }

    private const string HouseholdBusiness = "2.000720.000.00.00.H29";

    /// <summary>Reads the buttons shown for a dossier at a point of its life, then presses each on a fresh dossier at that point.</summary>
    private static async Task PressEachAsync(IPage page, Func<Task<string>> dossier, string point, List<string> pressed)
    {
        await OpenAsync(page, await dossier());
        foreach (var label in await page.Locator("#actions button").AllInnerTextsAsync())
        {
            await OpenAsync(page, await dossier());
            await PressAsync(page, label);
            pressed.Add($"{point}: {label}");
        }
    }

    private static async Task OpenAsync(IPage page, string code)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Làm mới" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Mở hồ sơ {code}" }).ClickAsync();
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync($"Hồ sơ {code}");
    }

    /// <summary>Presses the step <paramref name="label"/>, fills in what its dialog asks for as an officer would, and sees it done.</summary>
    private static async Task PressAsync(IPage page, string label)
    {
        await page.Locator("#actions").GetByRole(AriaRole.Button, new() { Name = label, Exact = true }).ClickAsync();
        var dialog = page.Locator("#step-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(page.Locator("#step-title")).ToHaveTextAsync(label);
        var controls = page.Locator("#step-fields textarea, #step-fields input, #step-fields select");
        for (var i = 0; i < await controls.CountAsync(); i++)
        {
            var control = controls.Nth(i);
            var kind = await control.EvaluateAsync<string>("e => e.tagName === 'INPUT' ? e.type : e.tagName.toLowerCase()");
            switch (kind)
            {
                case "textarea":
                    await control.FillAsync("Thiếu bản sao giấy tờ tùy thân");
                    break;
                case "datetime-local":
                    await control.FillAsync("2022-09-15T10:00");
                    break;
                case "select":
                    await control.SelectOptionAsync(new SelectOptionValue { Index = 1 });
                    break;
                default:
                    if (await control.EvaluateAsync<bool>("e => e.required"))
                    {
                        await control.FillAsync("cv.chuyenmon");
                    }

                    break;
            }
        }

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Xác nhận", Exact = true }).ClickAsync();
        await Expect(page.Locator("#detail-result")).ToContainTextAsync($"{label}: đã xong");
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
