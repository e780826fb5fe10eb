using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Api;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CaseEngine.Tests.Web;

/// <summary>
/// The administrators' page's offices, procedures and rule set in a real browser, on Tuesday 1 December 2026 with the
/// shipped reference data: the district office starting Saturday mornings and its open dossier revised, bad sessions
/// answered at their fields, a procedure created, the catalogue downloaded as a workbook, edited and imported through a
/// preview, and a rule set saved for a later day waiting for it. Each change is read back from the API.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class AdminCataloguePageTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string TrauQuy = "00565";

    private static readonly Procedure Sample = TestReferenceData.StandardDaysProcedure(OfficeLevel.District);

    private WebEngine _web = null!;
    private HttpClient _admin = null!;

    public Task InitializeAsync()
    {
        _web = WebEngine.Start(new ApiFactory
        {
            Time = new FakeTimeProvider(CalendarAdminApiTests.Tuesday),
            Settings = WebEngine.Kestrel(),
        });
        _admin = AdminPageTests.Client(_web, AdminToken);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _web.DisposeAsync();
    }

    private static string AdminToken => Tokens.For(Role.Administrator, TestReferenceData.District, districtWide: true);

    [Fact]
    public async Task TheDistrictOffice_StartsWorkingSaturdayMornings_TheApiGivesIt_AndItsOpenDossierIsRevised()
    {
        var code = await _web.Counter.ReceiveAsync(fastTrack: false);
        var page = await SectionAsync("Đơn vị và giờ làm việc");
        await Expect(page.Locator("#offices tbody tr")).ToHaveCountAsync(23);
        await Expect(page.Locator($"#offices tr[data-code='{TrauQuy}']")).ToContainTextAsync("thứ Bảy: 08:00-11:30");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sửa UBND huyện Gia Lâm" }).ClickAsync();
        var form = page.Locator("#office-form");
        await Expect(form.Locator("[data-key='sessions[1]']")).ToHaveValueAsync("13:00-17:00");
        await form.GetByLabel("thứ Bảy", new() { Exact = true }).First.CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Thêm giờ riêng cho một thứ" }).ClickAsync();
        await form.GetByLabel("Thứ có giờ riêng").SelectOptionAsync("Saturday");
        await form.Locator("[data-key='daySessions.Saturday[0]']").FillAsync("08:00-11:30");
        await form.GetByLabel("Lý do thay đổi").FillAsync("Tiếp nhận hồ sơ sáng thứ Bảy");
        await form.GetByLabel("Văn bản làm căn cứ").FillAsync("Quyết định số 21/QĐ-UBND");
        await BrowserFixture.AssertAccessibleAsync(page);
        await form.GetByRole(AriaRole.Button, new() { Name = "Lưu đơn vị" }).ClickAsync();

        await Expect(page.Locator("#office-saved")).ToContainTextAsync("Đã lưu phiên bản 2");
        await Expect(page.Locator("#office-saved")).ToContainTextAsync("Đang áp dụng");
        await Expect(page.Locator("#office-saved")).ToContainTextAsync("Đã điều chỉnh hạn 1 hồ sơ");
        await Expect(page.Locator("#office-revised tbody tr").First).ToHaveAttributeAsync("data-code", code);
        await Expect(page.Locator($"#offices tr[data-code='{TestReferenceData.District}']")).ToContainTextAsync("thứ Bảy: 08:00-11:30");
        await Expect(page.Locator("#versions tbody tr").First).ToContainTextAsync("Tiếp nhận hồ sơ sáng thứ Bảy");

        var offices = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/offices");
        Assert.Equal(2, offices.GetProperty("version").GetProperty("version").GetInt32());
        var district = offices.GetProperty("offices").EnumerateArray().Single(o => o.GetProperty("code").GetString() == TestReferenceData.District);
        Assert.Equal(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"], Strings(district.GetProperty("workingDays")));
        Assert.Equal(["08:00-11:30"], Strings(district.GetProperty("daySessions").GetProperty("Saturday")));
        Assert.Equal(["08:00-12:00", "13:00-17:00"], Strings(district.GetProperty("sessions")));
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "quan-tri-don-vi", fullPage: true);
    }

    [Fact]
    public async Task SaturdayMorningsSavedForNoon_WaitForNoon_AndTheVersionsSayWhenTheDossiersWillBeCountedAgain()
    {
        await _web.Counter.ReceiveAsync(fastTrack: false);
        var page = await SectionAsync("Đơn vị và giờ làm việc");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sửa UBND huyện Gia Lâm" }).ClickAsync();
        var form = page.Locator("#office-form");
        await form.GetByLabel("thứ Bảy", new() { Exact = true }).First.CheckAsync();
        await form.GetByLabel("Lý do thay đổi").FillAsync("Tiếp nhận hồ sơ sáng thứ Bảy từ trưa nay");
        await form.Locator("[data-key='effectiveFrom']").FillAsync("2026-12-01T12:00");
        await form.GetByRole(AriaRole.Button, new() { Name = "Lưu đơn vị" }).ClickAsync();

        await Expect(page.Locator("#office-saved")).ToContainTextAsync("Chờ áp dụng từ 12:00");
        await Expect(page.Locator("#office-saved")).ToContainTextAsync("sẽ được tính lại lúc 12:00");
        var row = page.Locator("#versions tbody tr").First;
        await Expect(row).ToContainTextAsync("Chờ áp dụng");
        await Expect(row.Locator("td").Last).ToContainTextAsync("Tính lại hạn hồ sơ lúc 12:00");
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task SessionsEndingBeforeTheyStart_OrPastMidnight_AreAnsweredAtTheirFields_AndNothingIsSaved()
    {
        var page = await SectionAsync("Đơn vị và giờ làm việc");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sửa UBND thị trấn Trâu Quỳ" }).ClickAsync();
        var form = page.Locator("#office-form");
        await Expect(form.Locator("[data-key='daySessions.Saturday[0]']")).ToHaveValueAsync("08:00-11:30");
        await form.Locator("[data-key='sessions[1]']").FillAsync("17:00-08:00");
        await form.Locator("[data-key='daySessions.Saturday[0]']").FillAsync("25:00-26:00");
        await form.GetByRole(AriaRole.Button, new() { Name = "Lưu đơn vị" }).ClickAsync();

        var ordinary = form.Locator("[data-key='sessions[1]']");
        await Expect(ordinary).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.Locator("[data-key='sessions[1]'] + .field-error")).ToContainTextAsync("17:00-08:00");
        await Expect(form.Locator("[data-key='sessions[1]'] + .field-error")).ToContainTextAsync("kết thúc trước khi bắt đầu");
        await Expect(form.Locator("[data-key='daySessions.Saturday[0]'] + .field-error")).ToContainTextAsync("25:00-26:00");
        await Expect(form.Locator("[data-key='daySessions.Saturday[0]'] + .field-error")).ToContainTextAsync("phải viết giờ bắt đầu-giờ kết thúc");
        await Expect(form.Locator("[data-key='reason'] + .field-error")).ToContainTextAsync("lý do");
        await Expect(page.Locator("#office-result")).ToBeHiddenAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "quan-tri-don-vi-loi", fullPage: true);

        var offices = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/offices");
        Assert.Equal(1, offices.GetProperty("version").GetProperty("latestVersion").GetInt32());
        var trauQuy = offices.GetProperty("offices").EnumerateArray().Single(o => o.GetProperty("code").GetString() == TrauQuy);
        Assert.Equal(["08:00-12:00", "13:00-17:00"], Strings(trauQuy.GetProperty("sessions")));
    }

    [Fact]
    public async Task AProcedureCreatedOnThePage_IsReturnedByTheApi_AfterItsBadFieldIsAnsweredThere()
    {
        const string Code = "1.009999.000.00.00.H29";
        var page = await SectionAsync("Danh mục thủ tục");
        await Expect(page.Locator("#procedures tbody tr")).ToHaveCountAsync(TestReferenceData.Shipped.Procedures.Count);
        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm thủ tục" }).ClickAsync();
        var form = page.Locator("#procedure-form");
        await Expect(form.GetByRole(AriaRole.Button, new() { Name = "Bỏ thủ tục khỏi danh mục" })).ToBeHiddenAsync();
        await form.GetByLabel("Mã thủ tục").FillAsync(Code);
        await form.GetByLabel("Tên thủ tục").FillAsync("Cấp giấy phép tổ chức lễ hội");
        await form.GetByLabel("Cấp giải quyết").SelectOptionAsync("District");
        await form.GetByLabel("Lĩnh vực").FillAsync("Văn hoá cơ sở");
        await form.GetByLabel("Phí, lệ phí").FillAsync("Không");
        await form.GetByLabel("Số ngày làm việc").FillAsync("5");
        await form.GetByLabel("Thuộc danh mục giải quyết nhanh").CheckAsync();
        await form.GetByLabel("Là ví dụ minh hoạ").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Thêm giấy tờ" }).ClickAsync();
        await form.Locator("[data-key='requiredDocuments[0]']").FillAsync("Văn bản đề nghị tổ chức lễ hội");
        await form.GetByRole(AriaRole.Button, new() { Name = "Thêm giấy tờ" }).ClickAsync();
        await form.Locator("[data-key='requiredDocuments[1]']").FillAsync("Chương trình lễ hội");
        await form.GetByRole(AriaRole.Button, new() { Name = "Thêm trường của tờ khai" }).ClickAsync();
        await form.Locator("[data-key='form[0].name']").FillAsync("festivalName");
        await form.Locator("[data-key='form[0].label']").FillAsync("Tên lễ hội");
        await form.Locator("[data-key='form[0].type']").SelectOptionAsync("Text");
        await form.Locator("[data-key='form[0].maxLength']").FillAsync("150");
        await form.Locator("[data-key='form[0].required']").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Thêm trường của tờ khai" }).ClickAsync();
        await form.Locator("[data-key='form[1].name']").FillAsync("scale");
        await form.Locator("[data-key='form[1].label']").FillAsync("Quy mô");
        await form.Locator("[data-key='form[1].type']").SelectOptionAsync("Text");
        await form.Locator("[data-key='form[1].choices']").FillAsync("Cấp xã\nCấp huyện");
        await form.GetByLabel("Lý do thay đổi").FillAsync("Công bố thủ tục mới");
        await form.GetByLabel("Văn bản làm căn cứ").FillAsync("Quyết định số 30/QĐ-UBND");
        await form.GetByRole(AriaRole.Button, new() { Name = "Lưu thủ tục" }).ClickAsync();

        // Only a Choice field has choices: the server says so at the field, and nothing is saved.
        await Expect(form.Locator("[data-key='form[1].choices'] + .field-error")).ToContainTextAsync("Chỉ trường kiểu Choice");
        await Expect(form.Locator("[data-key='form[1].choices']")).ToHaveAttributeAsync("aria-invalid", "true");
        await BrowserFixture.AssertAccessibleAsync(page);
        Assert.Equal(1, (await _admin.GetFromJsonAsync<JsonElement>("/api/admin/procedures")).GetProperty("version").GetProperty("latestVersion").GetInt32());

        await form.Locator("[data-key='form[1].type']").SelectOptionAsync("Choice");
        await form.GetByRole(AriaRole.Button, new() { Name = "Lưu thủ tục" }).ClickAsync();
        await Expect(page.Locator("#procedure-saved")).ToContainTextAsync("Đã lưu phiên bản 2");
        await Expect(page.Locator("#procedure-saved")).ToContainTextAsync("Đang áp dụng");
        await Expect(form).ToBeHiddenAsync();
        await Expect(page.Locator($"#procedures tr[data-code='{Code}']")).ToContainTextAsync("Cấp giấy phép tổ chức lễ hội");

        var catalogue = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/procedures");
        var created = catalogue.GetProperty("procedures").EnumerateArray().Single(p => p.GetProperty("code").GetString() == Code);
        Assert.Equal(("Cấp giấy phép tổ chức lễ hội", "District", "Văn hoá cơ sở", "Không"), (
            created.GetProperty("name").GetString(), created.GetProperty("level").GetString(), created.GetProperty("sector").GetString(), created.GetProperty("fee").GetString()));
        Assert.Equal(5, created.GetProperty("processingTime").GetProperty("workingDays").GetInt32());
        Assert.True(created.GetProperty("fastTrack").GetBoolean());
        Assert.True(created.GetProperty("illustrative").GetBoolean());
        Assert.Equal(["Văn bản đề nghị tổ chức lễ hội", "Chương trình lễ hội"], Strings(created.GetProperty("requiredDocuments")));
        var fields = created.GetProperty("form").EnumerateArray().ToList();
        Assert.Equal(("festivalName", "Tên lễ hội", "Text", true, 150), (
            fields[0].GetProperty("name").GetString(), fields[0].GetProperty("label").GetString(), fields[0].GetProperty("type").GetString(),
            fields[0].GetProperty("required").GetBoolean(), fields[0].GetProperty("maxLength").GetInt32()));
        Assert.Equal(("scale", "Choice", false), (fields[1].GetProperty("name").GetString(), fields[1].GetProperty("type").GetString(), fields[1].GetProperty("required").GetBoolean()));
        Assert.Equal(["Cấp xã", "Cấp huyện"], Strings(fields[1].GetProperty("choices")));
        var versions = await _admin.GetFromJsonAsync<JsonElement[]>("/api/admin/reference/versions");
        Assert.Equal(("Công bố thủ tục mới", "Quyết định số 30/QĐ-UBND"), (versions![0].GetProperty("reason").GetString(), versions[0].GetProperty("basis").GetString()));
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "quan-tri-thu-tuc", fullPage: true);
    }

    [Fact]
    public async Task AProcedureWithADossier_IsKeptInTheServersWords_OneWithoutIsRemoved()
    {
        await _web.Counter.ReceiveAsync(fastTrack: false);
        var unused = TestReferenceData.Shipped.Procedures.Values.Last();
        var page = await SectionAsync("Danh mục thủ tục");
        var form = page.Locator("#procedure-form");

        await page.Locator($"#procedures tr[data-code='{Sample.Code}']").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(form.GetByLabel("Mã thủ tục")).ToHaveValueAsync(Sample.Code);
        await Expect(form.GetByLabel("Mã thủ tục")).Not.ToBeEditableAsync();
        await form.GetByLabel("Lý do thay đổi").FillAsync("Bãi bỏ thủ tục");
        await form.GetByRole(AriaRole.Button, new() { Name = "Bỏ thủ tục khỏi danh mục" }).ClickAsync();
        await Expect(page.Locator("#procedure-message")).ToContainTextAsync($"Thủ tục {Sample.Code} đã có 1 hồ sơ nên không bỏ khỏi danh mục được");
        await Expect(form).ToBeVisibleAsync();

        await page.Locator($"#procedures tr[data-code='{unused.Code}']").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(form.GetByLabel("Tên thủ tục")).ToHaveValueAsync(unused.Name);
        await Expect(page.Locator("#procedure-message")).ToBeEmptyAsync();
        await form.GetByLabel("Lý do thay đổi").FillAsync("Bãi bỏ thủ tục");
        await form.GetByRole(AriaRole.Button, new() { Name = "Bỏ thủ tục khỏi danh mục" }).ClickAsync();
        await Expect(page.Locator("#procedure-saved")).ToContainTextAsync($"Đã lưu phiên bản 2: Danh mục thủ tục: bỏ {unused.Code}.");
        await Expect(page.Locator($"#procedures tr[data-code='{unused.Code}']")).ToHaveCountAsync(0);
        await BrowserFixture.AssertAccessibleAsync(page);

        var catalogue = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/procedures");
        var codes = catalogue.GetProperty("procedures").EnumerateArray().Select(p => p.GetProperty("code").GetString()).ToList();
        Assert.DoesNotContain(unused.Code, codes);
        Assert.Contains(Sample.Code, codes);
    }

    [Fact]
    public async Task TheCatalogue_DownloadedEditedAndImported_IsPreviewedThenSaved()
    {
        var page = await SectionAsync("Danh mục thủ tục");
        await Expect(page.Locator("#procedures tbody tr")).ToHaveCountAsync(TestReferenceData.Shipped.Procedures.Count);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Tải danh mục về (tệp Excel)" }).ClickAsync());
        Assert.Equal("danh-muc-thu-tuc-v1.xlsx", download.SuggestedFilename);
        var folder = Directory.CreateTempSubdirectory("caseengine-workbook-").FullName;
        try
        {
            var downloaded = Path.Combine(folder, download.SuggestedFilename);
            await download.SaveAsAsync(downloaded);
            var sheets = CatalogueAdminApiTests.Sheets(await File.ReadAllBytesAsync(downloaded));
            Assert.Equal(TestReferenceData.Shipped.Procedures.Count, sheets["Thủ tục"].Count);

            // A clerk lengthens one procedure's time and drops the last one, which no dossier was received for.
            var row = sheets["Thủ tục"].Single(r => (string?)r["Mã thủ tục"] == Sample.Code);
            row["Thời hạn (ngày làm việc)"] = Sample.ProcessingTime.WorkingDays!.Value + 1;
            var dropped = (string)sheets["Thủ tục"][^1]["Mã thủ tục"]!;
            var droppedName = (string)sheets["Thủ tục"][^1]["Tên thủ tục"]!;
            sheets["Thủ tục"].RemoveAt(sheets["Thủ tục"].Count - 1);
            sheets["Tờ khai"].RemoveAll(r => (string?)r["Mã thủ tục"] == dropped);
            var edited = Path.Combine(folder, "danh-muc-da-sua.xlsx");
            await File.WriteAllBytesAsync(edited, CatalogueAdminApiTests.Workbook(sheets));

            var form = page.Locator("#import-form");
            await Expect(form.GetByRole(AriaRole.Button, new() { Name = "Lưu danh mục" })).ToBeDisabledAsync();
            await form.GetByLabel("Tệp danh mục đã sửa (.xlsx)").SetInputFilesAsync(edited);
            await form.GetByRole(AriaRole.Button, new() { Name = "Xem trước thay đổi" }).ClickAsync();

            await Expect(page.Locator("#import-summary")).ToContainTextAsync($"{Sample.Code}: đổi thời hạn giải quyết");
            await Expect(page.Locator("#import-summary")).ToContainTextAsync($"bỏ {dropped}");
            await Expect(page.Locator("#import-changed li")).ToHaveTextAsync($"{Sample.Code} — {Sample.Name}: thời hạn giải quyết");
            await Expect(page.Locator("#import-removed li")).ToHaveTextAsync($"{dropped} — {droppedName}");
            await Expect(page.Locator("#import-added li")).ToHaveTextAsync("Không có");
            await Expect(page.Locator("#import-base")).ToHaveTextAsync("1");
            Assert.Single(await _admin.GetFromJsonAsync<JsonElement[]>("/api/admin/reference/versions") ?? []);
            await BrowserFixture.AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "quan-tri-nhap-danh-muc", fullPage: true);

            await form.GetByLabel("Lý do thay đổi").FillAsync("Cập nhật danh mục theo bảng tính");
            await form.GetByLabel("Văn bản làm căn cứ").FillAsync("Quyết định số 15/QĐ-UBND");
            await form.GetByRole(AriaRole.Button, new() { Name = "Lưu danh mục" }).ClickAsync();

            await Expect(page.Locator("#import-message")).ToContainTextAsync("Đã lưu phiên bản 2");
            await Expect(page.Locator("#import-message")).ToContainTextAsync("Đang áp dụng");
            await Expect(page.Locator("#procedures tbody tr")).ToHaveCountAsync(TestReferenceData.Shipped.Procedures.Count - 1);
            await Expect(page.Locator($"#procedures tr[data-code='{Sample.Code}']")).ToContainTextAsync($"{Sample.ProcessingTime.WorkingDays + 1} ngày");
            await Expect(page.Locator("#versions tbody tr").First).ToContainTextAsync("Quyết định số 15/QĐ-UBND");

            var catalogue = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/procedures");
            var procedures = catalogue.GetProperty("procedures").EnumerateArray().ToList();
            Assert.DoesNotContain(procedures, p => p.GetProperty("code").GetString() == dropped);
            var lengthened = procedures.Single(p => p.GetProperty("code").GetString() == Sample.Code);
            Assert.Equal(Sample.ProcessingTime.WorkingDays + 1, lengthened.GetProperty("processingTime").GetProperty("workingDays").GetInt32());
            Assert.Equal(2, catalogue.GetProperty("version").GetProperty("version").GetInt32());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ARuleSetSavedForALaterDay_ShowsAsAPendingVersion_WhileTheOneInForceStays()
    {
        var page = await SectionAsync("Bộ quy tắc");
        var form = page.Locator("#ruleset-form");
        await Expect(form.GetByLabel("Tên phiên bản")).ToHaveValueAsync("GL-2022.1");
        await Expect(form.GetByLabel("Thời gian giải quyết nhanh")).ToHaveValueAsync("120");
        await Expect(form.GetByLabel("lùi hạn bằng thời gian chờ bổ sung")).ToBeCheckedAsync();
        await Expect(form.GetByLabel("thời hạn thông thường")).ToBeCheckedAsync();

        await form.GetByLabel("Tên phiên bản").FillAsync("GL-2027.1");
        await form.GetByLabel("Tên bộ quy tắc").FillAsync("Gia Lâm — bộ quy tắc năm 2027");
        await form.GetByLabel("Tỉ lệ thời hạn đã qua").FillAsync("1.5");
        await form.GetByLabel("tính lại từ đầu khi nhận đủ bổ sung").CheckAsync();
        await form.GetByLabel("Thời điểm áp dụng").FillAsync("2027-01-04T00:00");
        await form.GetByLabel("Lý do thay đổi").FillAsync("Áp dụng bộ quy tắc năm 2027");
        await form.GetByLabel("Văn bản làm căn cứ").FillAsync("Kế hoạch số 5/KH-UBND");
        await form.GetByRole(AriaRole.Button, new() { Name = "Lưu bộ quy tắc" }).ClickAsync();
        await Expect(form.Locator("[data-key='nearlyLateFraction'] + .field-error")).ToContainTextAsync("lớn hơn 0 và nhỏ hơn 1");

        await form.GetByLabel("Tỉ lệ thời hạn đã qua").FillAsync("0.8");
        await form.GetByRole(AriaRole.Button, new() { Name = "Lưu bộ quy tắc" }).ClickAsync();

        await Expect(page.Locator("#ruleset-saved")).ToHaveTextAsync("Đã lưu phiên bản 2: Bộ quy tắc GL-2027.1: Gia Lâm — bộ quy tắc năm 2027. Chờ áp dụng từ 00:00, thứ Hai 04/01/2027.");
        await Expect(page.Locator("#ruleset-version")).ToContainTextAsync("Phiên bản 2 đã lưu, chờ áp dụng từ 00:00, thứ Hai 04/01/2027.");
        await Expect(form.GetByLabel("Tên phiên bản")).ToHaveValueAsync("GL-2022.1");
        await Expect(form.GetByLabel("Tỉ lệ thời hạn đã qua")).ToHaveValueAsync("0.75");
        var pending = page.Locator("#versions tr[data-version='2']");
        await Expect(pending).ToContainTextAsync("Chờ áp dụng");
        await Expect(pending).ToContainTextAsync("00:00, thứ Hai 04/01/2027");
        await Expect(pending).Not.ToContainTextAsync("Đang áp dụng");
        await Expect(page.Locator("#versions tr[data-version='1']")).ToContainTextAsync("Đang áp dụng");
        await BrowserFixture.AssertAccessibleAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "quan-tri-quy-tac", fullPage: true);

        var ruleSet = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/ruleset");
        Assert.Equal(("GL-2022.1", 0.75), (ruleSet.GetProperty("ruleSet").GetProperty("version").GetString(), ruleSet.GetProperty("ruleSet").GetProperty("nearlyLateFraction").GetDouble()));
        var version = ruleSet.GetProperty("version");
        Assert.Equal((1, 2), (version.GetProperty("version").GetInt32(), version.GetProperty("latestVersion").GetInt32()));
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.FromHours(7)), version.GetProperty("latestEffectiveFrom").GetDateTimeOffset());
        var versions = await _admin.GetFromJsonAsync<JsonElement[]>("/api/admin/reference/versions");
        Assert.Equal((2, true, false), (versions![0].GetProperty("number").GetInt32(), versions[0].GetProperty("pending").GetBoolean(), versions[0].GetProperty("inForce").GetBoolean()));
    }

    // The administrators' page, signed in as a district administrator, at the part the navigation names.
    private async Task<IPage> SectionAsync(string section)
    {
        var page = await AdminPageTests.SignedInAsync(browser, _web, AdminToken);
        await Expect(page.Locator("#calendar-title")).ToHaveTextAsync("Lịch năm 2027");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = section }).ClickAsync();
        await Expect(page.Locator("#section-title")).ToHaveTextAsync(section);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = section })).ToHaveAttributeAsync("aria-current", "page");
        return page;
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
