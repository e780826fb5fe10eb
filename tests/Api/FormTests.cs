using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Api;

/// <summary>"No writing": the procedure's declaration form is filled in for the citizen and checked field by field.</summary>
[Collection(ApiCollection.Name)]
public sealed class FormTests(ApiFactory factory)
{
    private const string BirthRegistration = "1.001193.000.00.00.H29";
    private const string Commune = "00529";
    private readonly HttpClient _http = factory.CreateActingClient();

    private static Dictionary<string, string?> ValidBirth() => new()
    {
        ["childName"] = "Nguyễn Minh Khang",
        ["childBirthDate"] = "2022-09-01",
        ["childSex"] = "Nam",
        ["birthPlace"] = "Bệnh viện đa khoa Gia Lâm",
        ["motherName"] = "Trần Thị Mai",
    };

    private Task<HttpResponseMessage> CreateAsync(Dictionary<string, string?> form) =>
        _http.PostAsJsonAsync($"/api/offices/{Commune}/dossiers", new
        {
            procedureCode = BirthRegistration,
            applicant = new { fullName = "Trần Thị Mai", phone = "0966000333", citizenId = "001190000444", address = "Xã Kiêu Kỵ, Gia Lâm" },
            consent = "Signature",
            form,
        });

    [Fact]
    public async Task AFilledForm_IsKept_AndTheCatalogueDescribesIt()
    {
        using var created = await CreateAsync(ValidBirth());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var form = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("form");
        Assert.Equal("Nguyễn Minh Khang", form.GetProperty("childName").GetString());
        Assert.False(form.TryGetProperty("fatherName", out _));
        var procedure = await _http.GetFromJsonAsync<JsonElement>($"/api/procedures/{BirthRegistration}");
        Assert.Equal(6, procedure.GetProperty("form").GetArrayLength());
    }

    [Fact]
    public async Task EveryProcedureHasAForm_SoADossierWithoutOne_IsAProblemNamingEachRequiredField()
    {
        var procedure = TestReferenceData.FastTrackProcedure(OfficeLevel.District);

        using var response = await _http.PostAsJsonAsync($"/api/offices/{TestReferenceData.District}/dossiers", new
        {
            procedureCode = procedure.Code,
            applicant = new { fullName = "Đặng Văn Hùng", phone = "0904000555", citizenId = "001079000555", address = "Xã Bát Tràng, Gia Lâm" },
            consent = "Signature",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(
            procedure.Form.Where(f => f.Required).Select(f => $"form.{f.Name}").Order(StringComparer.Ordinal),
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("childName", null, "form.childName")]
    [InlineData("childBirthDate", "01/09/2022", "form.childBirthDate")]
    [InlineData("childSex", "Khác", "form.childSex")]
    [InlineData("motherName", "   ", "form.motherName")]
    [InlineData("nickname", "Bin", "form.nickname")]
    [InlineData("birthPlace", "\u0007", "form.birthPlace")]
    public async Task AFieldMissingWrongOrUnknown_IsAProblemNamingIt(string field, string? value, string error)
    {
        var form = ValidBirth();
        form[field] = value;

        using var response = await CreateAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal([error], errors.EnumerateObject().Select(p => p.Name));
    }
}
