using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Api;

/// <summary>
/// What the server offers a signed-in user: the entry form of their office and how they submit it, and the steps
/// they may take on a dossier now, each with its label, endpoint and inputs, every one of which then succeeds.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ActionOffersApiTests(ApiFactory factory)
{
    private const string Office = TestReferenceData.District;
    private readonly HttpClient _staff = factory.CreateActingClient();

    private HttpClient As(Role role) => factory.CreateClientAs(role, Office);

    private async Task<JsonElement[]> OffersAsync(Role role, string code) =>
        (await As(role).GetFromJsonAsync<JsonElement[]>($"/api/dossiers/{code}/actions"))!;

    private static string ActionOf(JsonElement offer) => offer.GetProperty("action").GetString()!;

    // What a person types into each input an offer asks for.
    private static Dictionary<string, object?> Fill(JsonElement offer) =>
        offer.GetProperty("inputs").EnumerateArray().Where(i => i.GetProperty("required").GetBoolean()).ToDictionary(
            i => i.GetProperty("name").GetString()!,
            i => (object?)(i.GetProperty("kind").GetString() switch
            {
                "Choice" => i.GetProperty("choices")[0].GetProperty("value").GetString(),
                "DateTime" => "2022-09-20T10:00:00" + i.GetProperty("utcOffset").GetString(),
                _ => i.GetProperty("name").GetString() == "to" ? "nguoi.nhan" : "Thiếu bản sao giấy tờ",
            }));

    private Task<string> DossierAtAsync(string point) => new Web.Counter(_staff).AtAsync(point);

    [Fact]
    public async Task TheEntryForm_GivesTheApplicantsLabels_AndHowEachRoleSubmits()
    {
        var officer = await As(Role.CounterOfficer).GetFromJsonAsync<JsonElement>($"/api/offices/{Office}/entry-form");
        var volunteer = await As(Role.Volunteer).GetFromJsonAsync<JsonElement>($"/api/offices/{Office}/entry-form");
        var leader = await As(Role.Leader).GetFromJsonAsync<JsonElement>($"/api/offices/{Office}/entry-form");

        Assert.Equal("Người nộp hồ sơ", officer.GetProperty("applicantTitle").GetString());
        Assert.Equal(
            ["Họ và tên", "Số định danh cá nhân", "Số điện thoại", "Địa chỉ"],
            officer.GetProperty("applicant").EnumerateArray().Select(f => f.GetProperty("label").GetString()));
        Assert.Equal(["Ký tên", "Điểm chỉ"], officer.GetProperty("consent").GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("label").GetString()));
        Assert.Equal(("Tiếp nhận hồ sơ", "POST", $"/api/offices/{Office}/dossiers"), SubmitOf(officer));
        Assert.Equal(("Lưu hồ sơ chờ tiếp nhận", "POST", $"/api/offices/{Office}/dossiers/drafts"), SubmitOf(volunteer));
        Assert.Equal(JsonValueKind.Null, leader.GetProperty("submit").ValueKind);

        static (string?, string?, string?) SubmitOf(JsonElement form) =>
            (form.GetProperty("submit").GetProperty("label").GetString(), form.GetProperty("submit").GetProperty("method").GetString(), form.GetProperty("submit").GetProperty("href").GetString());
    }

    [Fact]
    public async Task TheEntryForm_OfAnotherOffice_IsRefused()
    {
        using var response = await factory.CreateClientAs(Role.CounterOfficer, "00526").GetAsync($"/api/offices/{Office}/entry-form");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AnOffer_SaysItsLabel_ItsEndpoint_AndWhatItAsksFor()
    {
        var code = await DossierAtAsync("received");

        var forward = Assert.Single(await OffersAsync(Role.CounterOfficer, code), o => ActionOf(o) == "Forward");

        Assert.Equal("Chuyển xử lý", forward.GetProperty("label").GetString());
        Assert.Equal("POST", forward.GetProperty("method").GetString());
        Assert.Equal($"/api/dossiers/{code}/forward", forward.GetProperty("href").GetString());
        var to = forward.GetProperty("inputs")[0];
        Assert.Equal(("to", "Chuyển cho (tài khoản chuyên viên)", "Text", true), (
            to.GetProperty("name").GetString(), to.GetProperty("label").GetString(), to.GetProperty("kind").GetString(), to.GetProperty("required").GetBoolean()));
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("received")]
    [InlineData("in processing")]
    [InlineData("awaiting signature")]
    [InlineData("supplement")]
    [InlineData("payment")]
    [InlineData("ready")]
    public async Task EveryStepOffered_TakenAtItsHref_WithWhatItAsksFor_Succeeds(string point)
    {
        var taken = 0;
        foreach (var role in new[] { Role.CounterOfficer, Role.Specialist, Role.Leader, Role.Volunteer, Role.Administrator })
        {
            foreach (var offer in await OffersAsync(role, await DossierAtAsync(point)))
            {
                // Each step on a dossier of its own at this point, so one step does not change what the next is offered.
                var code = await DossierAtAsync(point);
                var again = Assert.Single(await OffersAsync(role, code), o => ActionOf(o) == ActionOf(offer));

                using var response = await As(role).PostAsJsonAsync(again.GetProperty("href").GetString(), Fill(again));

                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{ActionOf(offer)} as {role} at {point}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                taken++;
            }
        }

        Assert.True(taken > 0, point);
    }
}
