using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Api;

/// <summary>A retried create or step with the same Idempotency-Key changes nothing more; every step records who, in which role and office, from where.</summary>
[Collection(ApiCollection.Name)]
public sealed class IdempotencyAndAuditTests(ApiFactory factory)
{
    private readonly HttpClient _http = factory.CreateActingClient();

    private static HttpRequestMessage Post(string path, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }

    private static object NewDossier => new
    {
        procedureCode = TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code,
        applicant = new { fullName = "Vũ Thị Hạnh", phone = "0988000111", citizenId = "001085012345", address = "Số 1 Trâu Quỳ, Gia Lâm, Hà Nội" }, consent = "Signature",
        form = SampleForm.For(TestReferenceData.FastTrackProcedure(OfficeLevel.District)),
    };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task RetriedCreate_WithTheSameKey_ReturnsTheSameDossier_AndUsesNoNewCode()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await _http.SendAsync(Post($"/api/offices/{TestReferenceData.District}/dossiers", NewDossier, key));
        using var retry = await _http.SendAsync(Post($"/api/offices/{TestReferenceData.District}/dossiers", NewDossier, key));
        using var other = await _http.SendAsync(Post($"/api/offices/{TestReferenceData.District}/dossiers", NewDossier, Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var code = (await JsonAsync(first)).GetProperty("code").GetString()!;
        Assert.Equal(code, (await JsonAsync(retry)).GetProperty("code").GetString());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        var next = (await JsonAsync(other)).GetProperty("code").GetString()!;
        Assert.Equal(int.Parse(code[^4..], System.Globalization.CultureInfo.InvariantCulture) + 1, int.Parse(next[^4..], System.Globalization.CultureInfo.InvariantCulture));
        var history = await _http.GetFromJsonAsync<JsonElement[]>($"/api/dossiers/{code}/history");
        Assert.Equal(2, history!.Length);
    }

    [Fact]
    public async Task RetriedStep_WithTheSameKey_AppliesOnce_AndTheKeyCannotServeAnotherStep()
    {
        using var created = await _http.SendAsync(Post($"/api/offices/{TestReferenceData.District}/dossiers", NewDossier, null));
        var code = (await JsonAsync(created)).GetProperty("code").GetString()!;
        var key = Guid.NewGuid().ToString();

        using var forward = await _http.SendAsync(Post($"/api/dossiers/{code}/forward", new { to = "cv.tuphap" }, key));
        using var again = await _http.SendAsync(Post($"/api/dossiers/{code}/forward", new { to = "cv.tuphap" }, key));
        using var withoutKey = await _http.SendAsync(Post($"/api/dossiers/{code}/forward", new { to = "cv.tuphap" }, null));
        using var reused = await _http.SendAsync(Post($"/api/dossiers/{code}/submit-for-signature", new { to = "ld.ubnd" }, key));

        Assert.Equal(HttpStatusCode.OK, forward.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("InProcessing", (await JsonAsync(again)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        var history = await _http.GetFromJsonAsync<JsonElement[]>($"/api/dossiers/{code}/history");
        Assert.Single(history!, h => h.GetProperty("kind").GetString() == "Forward");
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("k123456789k123456789k123456789k123456789k123456789k123456789k123456789k123456789k123456789k1234567890")]
    [InlineData("khóa")]
    public async Task MalformedKey_IsABadRequest(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/offices/{TestReferenceData.District}/dossiers") { Content = JsonContent.Create(NewDossier) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task History_RecordsActorRoleAndOfficeOfEveryStep()
    {
        using var created = await _http.SendAsync(Post($"/api/offices/{TestReferenceData.District}/dossiers", NewDossier, null));
        var code = (await JsonAsync(created)).GetProperty("code").GetString()!;
        using var submitted = await _http.SendAsync(Post($"/api/dossiers/{code}/forward", new { to = "cv.tuphap" }, null));
        using var signed = await _http.SendAsync(Post($"/api/dossiers/{code}/submit-for-signature", new { to = "ld.ubnd" }, null));

        var history = (await _http.GetFromJsonAsync<JsonElement[]>($"/api/dossiers/{code}/history"))!;
        var bySpecialist = history.Single(h => h.GetProperty("kind").GetString() == "SubmitForSignature");
        Assert.Equal(Tokens.UserOf(Role.Specialist), bySpecialist.GetProperty("actor").GetString());
        Assert.Equal("Specialist", bySpecialist.GetProperty("actorRole").GetString());
        Assert.Equal(TestReferenceData.District, bySpecialist.GetProperty("actorOffice").GetString());
        Assert.Equal(
            ["CounterOfficer", "CounterOfficer", "CounterOfficer", "Specialist"],
            history.Select(h => h.GetProperty("actorRole").GetString()));

        // The test server has no network peer; a real one records the client's address here.
        Assert.All(history, h => Assert.True(h.TryGetProperty("clientAddress", out _)));
    }
}
