using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Api;

/// <summary>
/// Every caller answers with the domain's checks: a 400 validation problem whose errors are keyed as the request
/// names its fields and say in Vietnamese what is wrong, naming the form's own label.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ValidationApiTests(ApiFactory factory)
{
    private const string HouseholdBusiness = "2.000720.000.00.00.H29";
    private readonly HttpClient _http = factory.CreateActingClient();

    private static Dictionary<string, string?> Applicant() => new()
    {
        ["fullName"] = "Lê Thị Dung",
        ["phone"] = "0987654321",
        ["citizenId"] = "001085012345",
        ["address"] = "Thôn 1, Đa Tốn, Gia Lâm",
    };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Thông tin nhập chưa hợp lệ", problem.GetProperty("title").GetString());
        return problem;
    }

    private static Dictionary<string, string[]> ErrorsOf(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(m => m.GetString()!).ToArray());

    [Fact]
    public async Task ReceiveAtCounter_WithoutAName_AndABadPhone_SaysSoInVietnamese()
    {
        var applicant = Applicant();
        applicant["fullName"] = "";
        applicant["phone"] = "0987-65";
        var procedure = TestReferenceData.Shipped.Procedures[HouseholdBusiness];

        using var response = await _http.PostAsJsonAsync("/api/offices/018/dossiers", new { procedureCode = procedure.Code, applicant, consent = "Signature", form = SampleForm.For(procedure) });

        Assert.Equal(
            new Dictionary<string, string[]>
            {
                ["applicant.fullName"] = ["Họ và tên người nộp là bắt buộc."],
                ["applicant.phone"] = ["Số điện thoại người nộp phải có từ 8 đến 20 chữ số, có thể bắt đầu bằng dấu +."],
            },
            ErrorsOf(await ProblemAsync(response)));
    }

    [Fact]
    public async Task ADraft_WithANumberFieldInWords_NamesTheFieldsLabel()
    {
        var procedure = TestReferenceData.Shipped.Procedures[HouseholdBusiness];
        var form = SampleForm.For(procedure);
        form["capital"] = "ba trăm triệu";

        using var response = await _http.PostAsJsonAsync("/api/offices/018/dossiers/drafts", new { procedureCode = procedure.Code, applicant = Applicant(), form });

        Assert.Equal(
            new Dictionary<string, string[]> { ["form.capital"] = ["«Tổng số vốn kinh doanh (đồng)» phải là một số, chỉ gồm các chữ số 0–9."] },
            ErrorsOf(await ProblemAsync(response)));
    }

    [Fact]
    public async Task TheProcedureCatalogue_GivesEachFieldsKind_ForThePagesInputs()
    {
        var procedure = await _http.GetFromJsonAsync<JsonElement>($"/api/procedures/{HouseholdBusiness}");

        var kinds = procedure.GetProperty("form").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("type").GetString());

        Assert.Equal("Number", kinds["capital"]);
        Assert.Equal("Choice", kinds["businessLine"]);
        Assert.Equal("Text", kinds["businessName"]);
    }

    [Theory]
    [InlineData("forward", "{}", "to", "«Chuyển cho (tài khoản chuyên viên)» là bắt buộc.")]
    [InlineData("request-supplement", "{\"reason\": \"  \"}", "reason", "«Lý do (ghi cho công dân)» là bắt buộc.")]
    [InlineData("apology", "{\"reason\": \"Chờ xác minh\"}", "newAppointment", "«Ngày giờ hẹn trả kết quả mới» là bắt buộc.")]
    public async Task AStep_WithoutWhatItNeeds_NamesTheInput(string step, string body, string field, string message)
    {
        var code = await new Web.Counter(_http).ReceiveAsync();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await _http.PostAsync($"/api/dossiers/{code}/{step}", content);

        Assert.Equal(new Dictionary<string, string[]> { [field] = [message] }, ErrorsOf(await ProblemAsync(response)));
    }

    [Fact]
    public async Task AStepsNote_LongerThan2000Characters_IsRefused()
    {
        var code = await new Web.Counter(_http).ReceiveAsync();

        using var response = await _http.PostAsJsonAsync($"/api/dossiers/{code}/forward", new { to = "cv.chuyenmon", note = new string('x', 2001) });

        Assert.Equal(new Dictionary<string, string[]> { ["note"] = ["«Ghi chú» không được dài quá 2.000 ký tự."] }, ErrorsOf(await ProblemAsync(response)));
    }

    [Fact]
    public async Task ABadDossierCode_IsNamedInVietnamese()
    {
        using var response = await _http.GetAsync("/api/dossiers/khong-phai-ma/history");

        var errors = ErrorsOf(await ProblemAsync(response));
        Assert.StartsWith("«khong-phai-ma» không phải là mã hồ sơ", Assert.Single(errors["code"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARating_WithBadDigits_AndNoSatisfaction_SaysSoInVietnamese()
    {
        using var response = await factory.CreateClient().PostAsJsonAsync("/api/public/dossiers/018-220913-0001/rating", new { phone4 = "12" });

        Assert.Equal(
            new Dictionary<string, string[]>
            {
                ["phone4"] = ["«4 số cuối điện thoại» phải là đúng 4 chữ số cuối của số điện thoại đã khai khi nộp hồ sơ."],
                ["satisfaction"] = ["Hãy chọn mức độ hài lòng: «Hài lòng», «Bình thường», «Không hài lòng»."],
            },
            ErrorsOf(await ProblemAsync(response)));
    }

    [Fact]
    public async Task ABadIdempotencyKey_IsNamedByItsHeader_InVietnamese()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/offices/018/dossiers")
        {
            Content = JsonContent.Create(new { procedureCode = HouseholdBusiness, applicant = Applicant(), consent = "Signature", form = SampleForm.For(TestReferenceData.Shipped.Procedures[HouseholdBusiness]) }),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', 101));

        using var response = await _http.SendAsync(request);

        Assert.Equal(
            ["Tiêu đề Idempotency-Key phải là một giá trị gồm từ 1 đến 100 ký tự ASCII nhìn thấy được."],
            ErrorsOf(await ProblemAsync(response))["Idempotency-Key"]);
    }
}
