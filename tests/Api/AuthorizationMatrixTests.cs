using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CaseEngine.Api.Security;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Wording;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace CaseEngine.Tests.Api;

/// <summary>
/// Every endpoint × every role × own office, another office and district scope, plus no token: who gets through
/// (any answer of the endpoint itself), who is refused (403), who is not signed in (401).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuthorizationMatrixTests(ApiFactory factory)
{
    public const string Own = TestReferenceData.District;
    public const string Other = "00526";

    // One dossier of the own office that every case aims at; what the endpoint then answers does not matter here.
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _code;

    public enum Scope
    {
        OwnOffice,
        OtherOffice,
        DistrictWideFromOtherOffice,
    }

    /// <summary>Endpoint, who may call it, and whether it is about one office's dossiers.</summary>
    public sealed record Endpoint(string Method, string Path, Role[] Allowed, bool OfficeScoped, bool DistrictOnly = false)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    public static readonly Endpoint[] Endpoints =
    [
        new("GET", "/api/offices", Permissions.Readers, false),
        new("GET", "/api/offices/{office}", Permissions.Readers, false),
        new("GET", "/api/offices/{office}/deadline?start=2022-09-13T09:00:00%2B07:00&workingMinutes=120", Permissions.Readers, false),
        new("GET", "/api/procedures", Permissions.Readers, false),
        new("GET", $"/api/procedures/{TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code}", Permissions.Readers, false),
        new("POST", "/api/offices/{office}/dossiers", Permissions.Receivers, true),
        new("POST", "/api/offices/{office}/dossiers/drafts", Permissions.DraftEntrants, true),
        new("GET", "/api/offices/{office}/dossiers", Permissions.Readers, true),
        new("GET", "/api/offices/{office}/dossier-counts", Permissions.Readers, true),
        new("GET", "/api/offices/{office}/entry-form", Permissions.Readers, true),
        new("GET", "/api/dossiers/{code}", Permissions.Readers, true),
        new("GET", "/api/dossiers/{code}/history", Permissions.Readers, true),
        new("GET", "/api/dossiers/{code}/actions", Permissions.Readers, true),
        new("GET", "/api/dossiers/{code}/slips", Permissions.Readers, true),
        new("GET", "/api/dossiers/{code}/slips/process-control", Permissions.Readers, true),
        new("POST", "/api/dossiers/{code}/receive", Permissions.For(DossierAction.Receive), true),
        new("POST", "/api/dossiers/{code}/refuse", Permissions.For(DossierAction.Refuse), true),
        new("POST", "/api/dossiers/{code}/forward", Permissions.For(DossierAction.Forward), true),
        new("POST", "/api/dossiers/{code}/submit-for-signature", Permissions.For(DossierAction.SubmitForSignature), true),
        new("POST", "/api/dossiers/{code}/approve", Permissions.For(DossierAction.ApproveResult), true),
        new("POST", "/api/dossiers/{code}/return", Permissions.For(DossierAction.ReturnResult), true),
        new("POST", "/api/dossiers/{code}/request-supplement", Permissions.For(DossierAction.RequestSupplement), true),
        new("POST", "/api/dossiers/{code}/resubmit-supplement", Permissions.For(DossierAction.ResubmitSupplement), true),
        new("POST", "/api/dossiers/{code}/require-payment", Permissions.For(DossierAction.RequirePayment), true),
        new("POST", "/api/dossiers/{code}/confirm-payment", Permissions.For(DossierAction.ConfirmPayment), true),
        new("POST", "/api/dossiers/{code}/withdraw", Permissions.For(DossierAction.Withdraw), true),
        new("POST", "/api/dossiers/{code}/stop", Permissions.For(DossierAction.Stop), true),
        new("POST", "/api/dossiers/{code}/apology", Permissions.For(DossierAction.IssueApology), true),
        new("POST", "/api/portals/national/dossiers", [Role.PortalClient], false),
        new("GET", "/api/portals/national/outbox", [Role.Administrator], false, DistrictOnly: true),
        new("POST", "/api/portals/city/outbox/1/retry", [Role.Administrator], false, DistrictOnly: true),
        new("GET", "/api/admin/procedures", [Role.Administrator], false, DistrictOnly: true),
        new("GET", "/api/admin/procedures.xlsx", [Role.Administrator], false, DistrictOnly: true),
        new("GET", "/api/admin/offices", [Role.Administrator], false, DistrictOnly: true),
        new("GET", "/api/admin/ruleset", [Role.Administrator], false, DistrictOnly: true),
        new("GET", "/api/statistics?office={office}", CaseEngine.Api.Apis.StatisticsApi.Readers, true),
        new("GET", "/api/statistics/fast-track-report?office={office}&format=csv", CaseEngine.Api.Apis.StatisticsApi.Readers, true),
        new("GET", "/api/calendar/coverage", CaseEngine.Api.Apis.StatisticsApi.Readers, false),
        new("GET", "/api/offices/{office}/staff?role=Specialist", Permissions.Readers, true),
        new("GET", "/api/session", Enum.GetValues<Role>(), false),
        new("GET", "/api/admin/users", [Role.Administrator], false, DistrictOnly: true),
        new("GET", "/api/admin/account-audit", [Role.Administrator], false, DistrictOnly: true),
    ];

    public static TheoryData<Endpoint, Role, Scope> Cases()
    {
        var cases = new TheoryData<Endpoint, Role, Scope>();
        foreach (var endpoint in Endpoints)
        {
            foreach (var role in Enum.GetValues<Role>())
            {
                foreach (var scope in Enum.GetValues<Scope>())
                {
                    cases.Add(endpoint, role, scope);
                }
            }
        }

        return cases;
    }

    public static TheoryData<Endpoint> AllEndpoints() => [.. Endpoints];

    private async Task<string> CodeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_code is null)
            {
                var response = await factory.CreateActingClient().PostAsJsonAsync($"/api/offices/{Own}/dossiers", new
                {
                    procedureCode = TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code,
                    applicant = new { fullName = "Đỗ Văn Giang", phone = "0900000001", citizenId = "001085012345", address = "Số 1 Trâu Quỳ, Gia Lâm, Hà Nội" }, consent = "Signature",
                    form = SampleForm.For(TestReferenceData.FastTrackProcedure(OfficeLevel.District)),
                });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                _code = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("code").GetString()!;
            }

            return _code;
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Endpoint endpoint, string? token)
    {
        using var request = Request(endpoint, endpoint.Path.Contains("{code}", StringComparison.Ordinal) ? await CodeAsync() : "");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await factory.CreateClient().SendAsync(request);
    }

    /// <summary>The request of a case: the endpoint's path on the own office and the dossier <paramref name="code"/>, with a body that fits every step.</summary>
    internal static HttpRequestMessage Request(Endpoint endpoint, string code)
    {
        var path = endpoint.Path.Replace("{office}", Own, StringComparison.Ordinal).Replace("{code}", code, StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path);
        if (endpoint.Method == "POST")
        {
            request.Content = JsonContent.Create(new
            {
                procedureCode = TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code,
                applicant = new { fullName = "Đỗ Văn Giang", phone = "0900000001", citizenId = "001085012345", address = "Số 1 Trâu Quỳ, Gia Lâm, Hà Nội" }, consent = "Signature",
                form = SampleForm.For(TestReferenceData.FastTrackProcedure(OfficeLevel.District)),
                to = "cv.chuyenmon",
                reason = "Lý do",
                newAppointment = "2022-09-20T10:00:00+07:00",
            });
        }

        return request;
    }

    /// <summary>Asserts the answer of a case: through (any answer of the endpoint below 500) or refused (403 problem saying why).</summary>
    internal static async Task AssertOutcomeAsync(Endpoint endpoint, Role role, Scope scope, HttpResponseMessage response)
    {
        var reaches = endpoint.DistrictOnly ? scope == Scope.DistrictWideFromOtherOffice : scope != Scope.OtherOffice || !endpoint.OfficeScoped;
        var allowed = endpoint.Allowed.Contains(role) && reaches;
        if (allowed)
        {
            Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.True((int)response.StatusCode < 500, $"{endpoint} as {role}: {response.StatusCode}");
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            var expected = !endpoint.Allowed.Contains(role) ? $"bạn là {role.VietnameseName()}" : endpoint.DistrictOnly ? (endpoint.Path.StartsWith("/api/admin/", StringComparison.Ordinal) ? "quản trị viên cấp huyện" : "toàn huyện") : $"bạn làm việc tại cơ quan {Other}";
            Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Role_AtOffice_GetsThroughOrIsRefused(Endpoint endpoint, Role role, Scope scope)
    {
        var token = scope switch
        {
            Scope.OwnOffice => Tokens.For(role, Own),
            Scope.OtherOffice => Tokens.For(role, Other),
            _ => Tokens.For(role, Other, districtWide: true),
        };
        using var response = await SendAsync(endpoint, token);
        await AssertOutcomeAsync(endpoint, role, scope, response);
    }

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task NoToken_OrABadOne_IsUnauthorized(Endpoint endpoint)
    {
        using var none = await SendAsync(endpoint, null);
        using var garbage = await SendAsync(endpoint, "not-a-token");
        using var otherKey = await SendAsync(endpoint, OtherKeyToken());

        foreach (var response in new[] { none, garbage, otherKey })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    private static string OtherKeyToken()
    {
        var settings = new AuthSettingsValidator().Read(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{AuthSettings.Section}:SigningKey"] = Convert.ToBase64String(new byte[32]) })
            .Build());
        return TokenIssuer.Issue(settings, new EngineUser("x", Role.Leader, Own, true), TimeSpan.FromHours(1));
    }
}
