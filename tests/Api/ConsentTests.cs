using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Api;

/// <summary>"No writing": the citizen only signs. No counter dossier is received before their consent is recorded.</summary>
[Collection(ApiCollection.Name)]
public sealed class ConsentTests(ApiFactory factory)
{
    private readonly HttpClient _http = factory.CreateActingClient();

    private static object Dossier(string? consent) => new
    {
        procedureCode = TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code,
        applicant = new { fullName = "Bùi Thị Lan", phone = "0977000222", citizenId = "001190000111", address = "Xã Đa Tốn, Gia Lâm" },
        consent,
        form = SampleForm.For(TestReferenceData.FastTrackProcedure(OfficeLevel.District)),
    };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task ReceivingAtTheCounter_WithoutConsent_IsRefused_AndUsesNoCode()
    {
        using var refused = await _http.PostAsJsonAsync($"/api/offices/{TestReferenceData.District}/dossiers", Dossier(null));
        using var first = await _http.PostAsJsonAsync($"/api/offices/{TestReferenceData.District}/dossiers", Dossier("Signature"));
        using var second = await _http.PostAsJsonAsync($"/api/offices/{TestReferenceData.District}/dossiers", Dossier("Fingerprint"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("ký hoặc điểm chỉ", (await JsonAsync(refused)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var a = (await JsonAsync(first)).GetProperty("code").GetString()!;
        var b = await JsonAsync(second);
        Assert.Equal(int.Parse(a[^4..], System.Globalization.CultureInfo.InvariantCulture) + 1, int.Parse(b.GetProperty("code").GetString()![^4..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Fingerprint", b.GetProperty("consent").GetProperty("method").GetString());
        Assert.Equal(Tokens.UserOf(Role.CounterOfficer), b.GetProperty("consent").GetProperty("by").GetString());
        Assert.Equal("2022-09-13T09:00:00+07:00", b.GetProperty("consent").GetProperty("at").GetString());
    }

    [Fact]
    public async Task ADraft_IsReceivedOnlyWithConsent_TakenWithTheDraftOrAtReception()
    {
        using var bare = await _http.PostAsJsonAsync($"/api/offices/{TestReferenceData.District}/dossiers/drafts", Dossier(null));
        using var signedWithVolunteer = await _http.PostAsJsonAsync($"/api/offices/{TestReferenceData.District}/dossiers/drafts", Dossier("Signature"));
        var bareCode = (await JsonAsync(bare)).GetProperty("code").GetString();
        var signedCode = (await JsonAsync(signedWithVolunteer)).GetProperty("code").GetString();

        using var refused = await _http.PostAsJsonAsync($"/api/dossiers/{bareCode}/receive", new { });
        using var received = await _http.PostAsJsonAsync($"/api/dossiers/{bareCode}/receive", new { consent = "Fingerprint" });
        using var receivedAsSigned = await _http.PostAsJsonAsync($"/api/dossiers/{signedCode}/receive", new { });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, received.StatusCode);
        Assert.Equal("Fingerprint", (await JsonAsync(received)).GetProperty("consent").GetProperty("method").GetString());
        var signed = await JsonAsync(receivedAsSigned);
        Assert.Equal("Received", signed.GetProperty("status").GetString());
        Assert.Equal(Tokens.UserOf(Role.Volunteer), signed.GetProperty("consent").GetProperty("by").GetString());
        Assert.Equal(Tokens.UserOf(Role.Volunteer), signed.GetProperty("enteredBy").GetString());
    }
}
