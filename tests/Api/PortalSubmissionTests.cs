using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Api;

/// <summary>
/// Online dossiers arriving from the portals, each in its own format: accepted once however often delivered, checked
/// with problems named in the portal's own fields, then accepted or refused at the office.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PortalSubmissionTests(ApiFactory factory)
{
    private static string NewId() => $"000.00.18.H29-220913-{Random.Shared.Next(100_000, 999_999)}";

    private HttpClient National => factory.CreateClient().As(PortalPayloads.NationalClient);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task ANationalSubmission_OpensADossierAwaitingAcceptance_AndARedeliveryChangesNothing()
    {
        var id = NewId();
        using var first = await National.PostAsJsonAsync("/api/portals/national/dossiers", PortalPayloads.National(id));
        var changed = PortalPayloads.National(id);
        changed["ChuHoSo"] = "Tên khác";
        using var again = await National.PostAsJsonAsync("/api/portals/national/dossiers", changed);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var dossier = await JsonAsync(first);
        var redelivered = await JsonAsync(again);
        var code = dossier.GetProperty("code").GetString()!;
        Assert.Equal($"/api/dossiers/{code}", first.Headers.Location?.OriginalString);
        Assert.Equal(code, redelivered.GetProperty("code").GetString());
        Assert.Equal("Lê Thị Thu Hà", redelivered.GetProperty("applicant").GetProperty("fullName").GetString());
        Assert.Equal("Draft", dossier.GetProperty("status").GetString());
        Assert.Equal(1, dossier.GetProperty("nationalStatusCode").GetInt32());
        Assert.Equal("NationalPortal", dossier.GetProperty("channel").GetString());
        Assert.Equal(id, dossier.GetProperty("portalDossierId").GetString());
        Assert.Equal(JsonValueKind.Null, dossier.GetProperty("sla").ValueKind);
        var history = await factory.CreateActingClient().GetFromJsonAsync<JsonElement>($"/api/dossiers/{code}/history");
        Assert.Equal(1, history.GetArrayLength());
    }

    [Fact]
    public async Task AnOfficerAcceptsAnOnlineDossier_AndItsClockStarts_WithNoConsentAsked()
    {
        using var submitted = await National.PostAsJsonAsync("/api/portals/national/dossiers", PortalPayloads.National(NewId()));
        var code = (await JsonAsync(submitted)).GetProperty("code").GetString()!;

        using var accepted = await factory.CreateActingClient().PostAsJsonAsync($"/api/dossiers/{code}/receive", new { });

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var dossier = await JsonAsync(accepted);
        Assert.Equal("Received", dossier.GetProperty("status").GetString());
        Assert.Equal("Standard", dossier.GetProperty("sla").GetProperty("rule").GetString()); // online: never the Tuesday rule
    }

    [Fact]
    public async Task ALeaderRefusesAnOnlineDossier_WithAReason()
    {
        using var submitted = await National.PostAsJsonAsync("/api/portals/national/dossiers", PortalPayloads.National(NewId()));
        var code = (await JsonAsync(submitted)).GetProperty("code").GetString()!;

        using var refused = await factory.CreateActingClient().PostAsJsonAsync($"/api/dossiers/{code}/refuse", new { reason = "Thiếu bản sao giấy tờ" });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(3, (await JsonAsync(refused)).GetProperty("nationalStatusCode").GetInt32());
    }

    [Fact]
    public async Task ACitySubmission_InTheCitysFormat_OpensADossierOfTheCityChannel()
    {
        var city = factory.CreateClient().As(PortalPayloads.CityClient);

        using var response = await city.PostAsJsonAsync("/api/portals/city/dossiers", PortalPayloads.City($"HN-{Guid.NewGuid():N}"[..20]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dossier = await JsonAsync(response);
        Assert.Equal("CityPortal", dossier.GetProperty("channel").GetString());
        Assert.Equal("Phạm Quốc Khánh", dossier.GetProperty("applicant").GetProperty("fullName").GetString());
        Assert.Equal("001089044455", dossier.GetProperty("applicant").GetProperty("citizenId").GetString());
    }

    [Theory]
    [InlineData("SoGiayToChuHoSo", "12345", "Số định danh cá nhân người nộp phải gồm 12 chữ số, ba chữ số đầu là mã tỉnh, thành phố từ 001 đến 096.")]
    [InlineData("SoDienThoaiChuHoSo", "09-12", "Số điện thoại người nộp phải có từ 8 đến 20 chữ số, có thể bắt đầu bằng dấu +.")]
    [InlineData("NgayTiepNhan", "2022-09-13 08:30", "Trường NgayTiepNhan phải là giờ Việt Nam viết theo dạng yyyyMMddHHmmss.")]
    [InlineData("TrangThaiHoSo", "4", "Trường TrangThaiHoSo phải là 1 (Mới đăng ký): hệ thống chỉ nhận hồ sơ mới nộp.")]
    [InlineData("MaHoSo", null, "Mã hồ sơ trên cổng dịch vụ công là bắt buộc.")]
    [InlineData("ChuHoSo", null, "Họ và tên người nộp là bắt buộc.")]
    [InlineData("DonViXuLy", null, "Mã đơn vị là bắt buộc.")]
    public async Task ABadNationalSubmission_IsAProblemUnderThePortalsField_InVietnamese(string field, string? value, string message)
    {
        var payload = PortalPayloads.National(NewId());
        payload[field] = value;

        using var response = await National.PostAsJsonAsync("/api/portals/national/dossiers", payload);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(p => p.Name));
        Assert.Equal([message], errors.GetProperty(field).EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task ABadCityApplicant_IsAProblemUnderTheCitysNames_NamingTheLabel()
    {
        var payload = PortalPayloads.City($"HN-{Guid.NewGuid():N}"[..20]);
        payload["nguoiNop"] = new Dictionary<string, string?> { ["hoTen"] = " ", ["soDienThoai"] = "12", ["soDinhDanh"] = "001089044455", ["diaChi"] = "Gia Lâm" };

        using var response = await factory.CreateClient().As(PortalPayloads.CityClient).PostAsJsonAsync("/api/portals/city/dossiers", payload);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Equal(["nguoiNop.hoTen", "nguoiNop.soDienThoai"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Họ và tên người nộp là bắt buộc.", errors.GetProperty("nguoiNop.hoTen")[0].GetString());
        Assert.Equal("Số điện thoại người nộp phải có từ 8 đến 20 chữ số, có thể bắt đầu bằng dấu +.", errors.GetProperty("nguoiNop.soDienThoai")[0].GetString());
    }

    [Fact]
    public async Task ABadFormField_IsNamedInThePortalsFormObject()
    {
        var payload = PortalPayloads.City($"HN-{Guid.NewGuid():N}"[..20]);
        payload["toKhai"] = new Dictionary<string, string> { ["khongCo"] = "x" };

        using var response = await factory.CreateClient().As(PortalPayloads.CityClient).PostAsJsonAsync("/api/portals/city/dossiers", payload);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("toKhai.khongCo", out var messages), errors.ToString());
        Assert.StartsWith("«khongCo» không phải là một trường của tờ khai thủ tục", messages[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"MaHoSo\": 12}")]
    [InlineData("{\"DuLieuToKhai\": [\"x\"]}")]
    public async Task AMalformedBody_IsABadRequest(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await National.PostAsync("/api/portals/national/dossiers", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("DonViXuLy", "99999")]
    [InlineData("MaTTHC", "9.999999.000.00.00.H29")]
    public async Task AnUnknownOfficeOrProcedure_IsAProblemNamingTheField(string field, string value)
    {
        var payload = PortalPayloads.National(NewId());
        payload[field] = value;

        using var response = await National.PostAsJsonAsync("/api/portals/national/dossiers", payload);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Contains(value, errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyEachPortalsOwnClient_Submits()
    {
        using var cityAsNational = await factory.CreateClient().As(PortalPayloads.CityClient)
            .PostAsJsonAsync("/api/portals/national/dossiers", PortalPayloads.National(NewId()));
        using var officer = await factory.CreateClientAs(Role.CounterOfficer, TestReferenceData.District)
            .PostAsJsonAsync("/api/portals/national/dossiers", PortalPayloads.National(NewId()));
        using var unknown = await National.PostAsJsonAsync("/api/portals/provincial/dossiers", PortalPayloads.National(NewId()));

        Assert.Equal(HttpStatusCode.Forbidden, cityAsNational.StatusCode);
        Assert.Contains("national", (await JsonAsync(cityAsNational)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, officer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
