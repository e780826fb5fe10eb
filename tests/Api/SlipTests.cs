using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CaseEngine.Api.Apis;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Wording;
using CaseEngine.Silo;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.Configuration;
using UglyToad.PdfPig;

namespace CaseEngine.Tests.Api;

/// <summary>
/// Slips as the counter prints them: A5 PDFs in Vietnamese with the dossier code and a QR code of the citizen's
/// status page, read back from the PDF's text and from the page rasterised as a printer would.
/// </summary>
public sealed class SlipTests(SlipTests.Engine engine) : IClassFixture<SlipTests.Engine>
{
    private const string PublicAddress = "https://motcua.gialam.example/";
    private const string Applicant = "Nguyễn Thị Hồng Nhung";
    private static readonly string District = TestReferenceData.District;

    private readonly ApiFactory _factory = engine.Factory;
    private readonly HttpClient _http = engine.Factory.CreateActingClient();

    /// <summary>An engine of their own, since some of these tests move its clock.</summary>
    public sealed class Engine : IAsyncLifetime
    {
        public ApiFactory Factory { get; } = new() { PublicBaseAddress = PublicAddress };

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    private DateTimeOffset Now => _factory.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(7));

    [Fact]
    public async Task TheReceipt_OfAStandardDossier_IsAnA5PdfInVietnamese_WithItsCodeApplicantAndAppointment()
    {
        var procedure = TestReferenceData.StandardDaysProcedure(OfficeLevel.District);
        var received = Now;
        var dossier = await ReceiveAsync(procedure.Code);
        var code = dossier.GetProperty("code").GetString()!;
        var due = dossier.GetProperty("appointmentAt").GetDateTimeOffset();

        using var response = await _http.GetAsync($"/api/dossiers/{code}/slips/receipt");

        Assert.True(HttpStatusCode.OK == response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{code}-receipt.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        using var document = PdfDocument.Open(pdf);
        var page = Assert.Single(document.GetPages());
        Assert.Equal(148, page.Width / 72 * 25.4, 0);
        Assert.Equal(210, page.Height / 72 * 25.4, 0);
        Assert.All(page.Letters, letter => Assert.Contains("DejaVu Serif Condensed", letter.FontName, StringComparison.Ordinal));
        var text = Text(pdf);
        Assert.Contains("UBND HUYỆN GIA LÂM", text, StringComparison.Ordinal);
        Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text, StringComparison.Ordinal);
        Assert.Contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", text, StringComparison.Ordinal);
        Assert.Contains($"Mã hồ sơ: {code}", text, StringComparison.Ordinal);
        Assert.Contains($"Ông/Bà: {Applicant}", text, StringComparison.Ordinal);
        Assert.Contains(Words(procedure.Name), text, StringComparison.Ordinal);
        Assert.All(procedure.RequiredDocuments, document => Assert.Contains(Words(document), text, StringComparison.Ordinal));
        Assert.Contains($"Thời gian nhận hồ sơ: {Moment(received)}", text, StringComparison.Ordinal);
        Assert.Contains($"Thời gian trả kết quả: {Moment(due)}", text, StringComparison.Ordinal);
        Assert.Contains($"Thời gian giải quyết theo quy định: {VietnameseWords.ProcessingTime(procedure.ProcessingTime)}", text, StringComparison.Ordinal);
        Assert.Contains($"{PublicAddress}tra-cuu/{code}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APrintedReceipt_ReadsBackInVietnamese_AndItsQrCodeLeadsToTheStatusPage()
    {
        var code = (await ReceiveAsync(TestReferenceData.StandardDaysProcedure(OfficeLevel.District).Code)).GetProperty("code").GetString()!;
        var pdf = await _http.GetByteArrayAsync($"/api/dossiers/{code}/slips/receipt");

        using var page = await RenderedPage.RenderAsync(pdf, dpi: 300);
        var read = Words(await page.ReadTextAsync());

        Assert.Equal(1748, page.Width, 2f);
        Assert.Equal($"{PublicAddress}tra-cuu/{code}", page.DecodeQr());
        Assert.Contains("GIẤY TIẾP NHẬN HỒ SƠ", read, StringComparison.Ordinal);
        Assert.Contains("Độc lập - Tự do - Hạnh phúc", read, StringComparison.Ordinal);
        Assert.Contains(Applicant, read, StringComparison.Ordinal);
        Assert.Contains("Thời gian trả kết quả", read, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFastTrackDossier_GetsNoAppointmentSlip()
    {
        var code = (await ReceiveAsync(TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code)).GetProperty("code").GetString()!;

        using var response = await _http.GetAsync($"/api/dossiers/{code}/slips/receipt");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("the same day, within 120 working minutes", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSupplementRequest_GivesTheGuidanceInWriting()
    {
        var code = (await ReceiveAsync(TestReferenceData.StandardDaysProcedure(OfficeLevel.District).Code)).GetProperty("code").GetString()!;
        const string Guidance = "Bổ sung bản sao Giấy chứng nhận quyền sử dụng đất có chứng thực.";
        var requested = Now;
        await StepAsync(code, "request-supplement", new { reason = Guidance });

        var text = Text(await _http.GetByteArrayAsync($"/api/dossiers/{code}/slips/supplement-request"));

        Assert.Contains("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", text, StringComparison.Ordinal);
        Assert.Contains(Guidance, text, StringComparison.Ordinal);
        Assert.Contains($"Thời gian yêu cầu bổ sung: {Moment(requested)}", text, StringComparison.Ordinal);
        Assert.Contains("không tính vào thời hạn giải quyết", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRefusal_GivesItsReason()
    {
        var draft = await _http.PostAsJsonAsync($"/api/offices/{District}/dossiers/drafts", Dossier(TestReferenceData.StandardDaysProcedure(OfficeLevel.District).Code));
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
        var code = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        const string Reason = "Thủ tục này thuộc thẩm quyền của UBND xã nơi cư trú.";
        await StepAsync(code, "refuse", new { reason = Reason });

        var text = Text(await _http.GetByteArrayAsync($"/api/dossiers/{code}/slips/refusal"));

        Assert.Contains("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", text, StringComparison.Ordinal);
        Assert.Contains(Reason, text, StringComparison.Ordinal);
        Assert.Contains($"Ông/Bà: {Applicant}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApology_GivesTheOldAndTheNewAppointment()
    {
        var dossier = await ReceiveAsync(TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code);
        var code = dossier.GetProperty("code").GetString()!;
        var due = dossier.GetProperty("sla").GetProperty("dueAt").GetDateTimeOffset();
        var nearlyLate = dossier.GetProperty("sla").GetProperty("nearlyLateAt").GetDateTimeOffset();
        _factory.Time.Advance(nearlyLate - Now + TimeSpan.FromMinutes(5));
        var newAppointment = due.AddHours(3);
        const string Reason = "Hệ thống cơ sở dữ liệu dân cư gián đoạn.";
        await StepAsync(code, "apology", new { reason = Reason, newAppointment });

        var text = Text(await _http.GetByteArrayAsync($"/api/dossiers/{code}/slips/apology"));

        Assert.Contains("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", text, StringComparison.Ordinal);
        Assert.Contains($"Thời gian hẹn trả kết quả giải quyết hồ sơ là {Moment(due)}", text, StringComparison.Ordinal);
        Assert.Contains(Moment(newAppointment), text, StringComparison.Ordinal);
        Assert.Contains(Reason, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheProcessControlSlip_RecordsEveryHandOver_WithItsTimeliness()
    {
        var code = (await ReceiveAsync(TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code)).GetProperty("code").GetString()!;
        await StepAsync(code, "forward", new { to = "cv.tuphap" });
        _factory.Time.Advance(TimeSpan.FromMinutes(30));
        var submitted = Now;
        await StepAsync(code, "submit-for-signature", new { to = "ld.ubnd" });
        await StepAsync(code, "approve", new { });

        var pdf = await _http.GetByteArrayAsync($"/api/dossiers/{code}/slips/process-control");
        var text = Text(pdf);

        Assert.Contains("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", text, StringComparison.Ordinal);
        Assert.Contains($"Giao: {Applicant}", text, StringComparison.Ordinal);
        Assert.Contains("Nhận: cv.tuphap", text, StringComparison.Ordinal);
        Assert.Contains("Giao: cv.tuphap", text, StringComparison.Ordinal);
        Assert.Contains($"Nhận: ld.ubnd {Moment(submitted)}", text, StringComparison.Ordinal);
        Assert.Contains("4 Giao: ld.ubnd", text, StringComparison.Ordinal);
        // The step names are the domain's, wrapped in their column: their first line is whole in the text.
        Assert.StartsWith("Lãnh đạo đã ký, có kết", StepNames.Vietnamese(StepKind.Of(DossierAction.ApproveResult)), StringComparison.Ordinal);
        Assert.Contains("Lãnh đạo đã ký, có kết", text, StringComparison.Ordinal);
        Assert.Contains(StepNames.Vietnamese(StepKind.Of(DossierAction.SubmitForSignature)), text, StringComparison.Ordinal);
        Assert.Contains("Trước hạn", text, StringComparison.Ordinal);
        Assert.Contains("Trạng thái: Đã xử lý xong", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSlipList_SaysWhichSlipsTheDossierHasNow()
    {
        var code = (await ReceiveAsync(TestReferenceData.StandardDaysProcedure(OfficeLevel.District).Code)).GetProperty("code").GetString()!;

        var slips = await _http.GetFromJsonAsync<JsonElement>($"/api/dossiers/{code}/slips");

        var available = slips.EnumerateArray().ToDictionary(s => s.GetProperty("kind").GetString()!, s => s.GetProperty("available").GetBoolean());
        Assert.Equal(
            new Dictionary<string, bool>
            {
                ["receipt"] = true, ["supplement-request"] = false, ["refusal"] = false, ["apology"] = false, ["process-control"] = true,
            },
            available);
        var refusal = slips.EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "refusal");
        Assert.Equal("Mẫu số 03", refusal.GetProperty("form").GetString());
        Assert.Equal($"/api/dossiers/{code}/slips/refusal", refusal.GetProperty("href").GetString());
        Assert.False(string.IsNullOrEmpty(refusal.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task ANameTypedWithCombiningMarks_IsPrintedWithVietnameseLetters()
    {
        var decomposed = Applicant.Normalize(NormalizationForm.FormD);
        var response = await _http.PostAsJsonAsync($"/api/offices/{District}/dossiers", Dossier(TestReferenceData.StandardDaysProcedure(OfficeLevel.District).Code, decomposed));
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

        var text = Text(await _http.GetByteArrayAsync($"/api/dossiers/{code}/slips/receipt"));

        Assert.Contains($"Ông/Bà: {Applicant}", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/dossiers/018-220913-9999/slips/receipt", HttpStatusCode.NotFound)]
    [InlineData("/api/dossiers/018-220913-9999/slips", HttpStatusCode.NotFound)]
    [InlineData("/api/dossiers/not-a-code/slips/receipt", HttpStatusCode.BadRequest)]
    public async Task AMissingDossierOrBadCode_IsAProblem(string path, HttpStatusCode expected)
    {
        using var response = await _http.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnUnknownSlip_IsNotFound_AndNamesTheSlips()
    {
        var code = (await ReceiveAsync(TestReferenceData.StandardDaysProcedure(OfficeLevel.District).Code)).GetProperty("code").GetString()!;

        using var response = await _http.GetAsync($"/api/dossiers/{code}/slips/invoice");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("process-control", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "http://counter.local/tra-cuu/018-220913-0001")]
    [InlineData("https://motcua.example/gia-lam", "https://motcua.example/gia-lam/tra-cuu/018-220913-0001")]
    [InlineData("https://motcua.example/gia-lam/", "https://motcua.example/gia-lam/tra-cuu/018-220913-0001")]
    public void TheStatusPage_IsUnderThePublicAddress_OrTheRequestsOwn(string? configured, string expected)
    {
        var site = PublicSite.From(new PublicSiteOptionsValidator().Read(new ConfigurationBuilder().AddInMemoryCollection([new("CaseEngine:PublicBaseAddress", configured)]).Build()));
        var request = new Microsoft.AspNetCore.Http.DefaultHttpContext().Request;
        request.Scheme = "http";
        request.Host = new Microsoft.AspNetCore.Http.HostString("counter.local");

        Assert.Equal(expected, site.StatusPage("018-220913-0001", request).AbsoluteUri);
    }

    [Theory]
    [InlineData("motcua.example")]
    [InlineData("ftp://motcua.example/")]
    public void APublicAddressThatIsNotHttp_StopsTheStart(string configured)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("CaseEngine:PublicBaseAddress", configured)]).Build();

        var error = Assert.Throws<EngineStartupException>(() => new PublicSiteOptionsValidator().Read(configuration));

        Assert.Contains("CaseEngine:PublicBaseAddress", error.Message, StringComparison.Ordinal);
    }

    private static object Dossier(string procedureCode, string fullName = Applicant) => new
    {
        procedureCode,
        applicant = new { fullName, phone = "0912345678", citizenId = "001190012345", address = "Số 5 ngõ 12 Ngô Xuân Quảng, thị trấn Trâu Quỳ, Gia Lâm" },
        consent = "Signature",
        form = SampleForm.For(TestReferenceData.Shipped, procedureCode),
    };

    private async Task<JsonElement> ReceiveAsync(string procedureCode)
    {
        using var response = await _http.PostAsJsonAsync($"/api/offices/{District}/dossiers", Dossier(procedureCode));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task StepAsync(string code, string step, object body)
    {
        using var response = await _http.PostAsJsonAsync($"/api/dossiers/{code}/{step}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {await response.Content.ReadAsStringAsync()}");
    }

    // The PDF's words in reading order, one space between them.
    private static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(' ', document.GetPages().SelectMany(page => page.GetWords()).Select(word => word.Text));
    }

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Moment(DateTimeOffset at) =>
        $"{at:HH} giờ {at:mm} phút, {VietnameseWords.Weekday(at.DayOfWeek)}, ngày {at.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)}";
}
