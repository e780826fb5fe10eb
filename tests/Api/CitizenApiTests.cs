using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Api;

/// <summary>Citizens without an account: their dossier's status by code and phone digits, and one rating once it is returned.</summary>
[Collection(ApiCollection.Name)]
public sealed class CitizenApiTests(ApiFactory factory)
{
    private const string Phone = "0912345678";
    private readonly HttpClient _staff = factory.CreateActingClient();
    private readonly HttpClient _citizen = factory.CreateClient();

    private async Task<string> ReceiveAsync()
    {
        using var response = await _staff.PostAsJsonAsync($"/api/offices/{TestReferenceData.District}/dossiers", new
        {
            procedureCode = TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code,
            applicant = new { fullName = "Hoàng Văn Minh", phone = Phone, citizenId = "001080000222", address = "Thôn Ninh Hiệp, Gia Lâm" },
            consent = "Signature",
            form = SampleForm.For(TestReferenceData.FastTrackProcedure(OfficeLevel.District)),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private async Task ReturnAsync(string code)
    {
        foreach (var (step, body) in new (string, object)[] { ("forward", new { to = "cv" }), ("submit-for-signature", new { to = "ld" }), ("approve", new { }), ("return", new { }) })
        {
            Assert.Equal(HttpStatusCode.OK, (await _staff.PostAsJsonAsync($"/api/dossiers/{code}/{step}", body)).StatusCode);
        }
    }

    [Fact]
    public async Task Status_WithThePhoneDigits_ShowsTheTimeline_AndNoPersonalData()
    {
        var code = await ReceiveAsync();

        using var response = await _citizen.GetAsync($"/api/public/dossiers/{code}?phone4=5678");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        var view = JsonSerializer.Deserialize<JsonElement>(raw);
        Assert.Equal("Received", view.GetProperty("status").GetString());
        Assert.Equal("2022-09-13T11:00:00+07:00", view.GetProperty("appointmentAt").GetString());
        Assert.Equal(["Created", "Receive"], view.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("kind").GetString()));
        foreach (var secret in new[] { "Hoàng Văn Minh", Phone, "001080000222", "Ninh Hiệp", "cb.tiepnhan", "5678" })
        {
            Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Status_WithWrongDigits_OrAnUnknownCode_IsTheSame404()
    {
        var code = await ReceiveAsync();

        using var wrong = await _citizen.GetAsync($"/api/public/dossiers/{code}?phone4=0000");
        using var unknown = await _citizen.GetAsync("/api/public/dossiers/018-220913-9990?phone4=5678");
        using var malformed = await _citizen.GetAsync($"/api/public/dossiers/{code}?phone4=56");

        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(await wrong.Content.ReadFromJsonAsync<JsonElement>() is var a ? a.GetProperty("detail").GetString() : null,
            (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task Rating_OnlyOnceTheResultIsReturned_OnlyOnce_AttributedToTheOfficers()
    {
        var code = await ReceiveAsync();
        var rating = new { phone4 = "5678", satisfaction = "Satisfied", comment = "Nhanh, chu đáo" };

        using var early = await _citizen.PostAsJsonAsync($"/api/public/dossiers/{code}/rating", rating);
        await ReturnAsync(code);
        using var wrongPhone = await _citizen.PostAsJsonAsync($"/api/public/dossiers/{code}/rating", rating with { phone4 = "1111" });
        using var rated = await _citizen.PostAsJsonAsync($"/api/public/dossiers/{code}/rating", rating);
        using var again = await _citizen.PostAsJsonAsync($"/api/public/dossiers/{code}/rating", rating with { satisfaction = "Dissatisfied" });

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongPhone.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, rated.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        var status = await _citizen.GetFromJsonAsync<JsonElement>($"/api/public/dossiers/{code}?phone4=5678");
        Assert.True(status.GetProperty("rated").GetBoolean());
    }

    [Fact]
    public async Task PublicEndpoints_AreRateLimitedPerAddress()
    {
        await using var limited = new ApiFactory { PublicRequestsPerMinute = 3 };
        var citizen = limited.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await citizen.GetAsync("/api/public/dossiers/018-220913-0001?phone4=1234");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        using var refused = await citizen.GetAsync("/api/public/dossiers/018-220913-0001?phone4=1234");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.Contains("Retry-After"));
    }
}
