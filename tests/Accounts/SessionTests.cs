using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Api.Accounts;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Api;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Accounts;

/// <summary>Sign-in, sessions, antiforgery, disabling and the audit, on PostgreSQL over HTTP.</summary>
public sealed class SessionTests(SessionTests.Engine engine) : IClassFixture<SessionTests.Engine>
{
    private const string District = TestReferenceData.District;
    private readonly ApiFactory _factory = engine.Factory;

    /// <summary>An engine of their own on a database of their own, since some of these tests move its clock.</summary>
    public sealed class Engine : IAsyncLifetime
    {
        private TestDatabase? _database;

        public ApiFactory Factory { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _database = await TestDatabase.CreateAsync("sessions");
            Factory = new ApiFactory { ConnectionString = _database.ConnectionString };
        }

        public async Task DisposeAsync()
        {
            await Factory.DisposeAsync();
            await _database!.DisposeAsync();
        }
    }

    private HttpClient Admin => _factory.CreateClientAs(Role.Administrator, District, districtWide: true);

    private async Task<JsonElement[]> AuditOfAsync(string subject) =>
        (await Admin.GetFromJsonAsync<JsonElement[]>($"/api/admin/account-audit?subject={subject}"))!;

    [Fact]
    public async Task SignIn_AfterFiveWrongPasswords_IsLockedOut_EvenWithTheRightPassword()
    {
        await StaffAccounts.CreatePersonAsync(_factory, "cb.khoa", Role.CounterOfficer, District);
        var browser = _factory.Browser();

        for (var i = 1; i <= 5; i++)
        {
            using var wrong = await browser.PostSignInAsync("cb.khoa", $"Sai-mat-khau-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            var problem = await wrong.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(i < 5 ? "invalid" : "lockedOut", problem.GetProperty("reason").GetString());
        }

        using var right = await browser.PostSignInAsync("cb.khoa");

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal("application/problem+json", right.Content.Headers.ContentType?.MediaType);
        var locked = await right.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("lockedOut", locked.GetProperty("reason").GetString());
        Assert.Contains("tạm khóa", locked.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(right.Headers.Contains("Set-Cookie") && right.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(AccountsHosting.SessionCookie, StringComparison.Ordinal)));
        var audit = await AuditOfAsync("cb.khoa");
        Assert.Equal(6, audit.Count(a => a.GetProperty("action").GetString() == AccountEvents.SignInFailed));
        Assert.DoesNotContain(audit, a => a.GetRawText().Contains("Sai-mat-khau", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignIn_GivesANewSession_EachTime_AndReplacesACookieTheBrowserAlreadyHad()
    {
        await StaffAccounts.CreatePersonAsync(_factory, "cb.phien", Role.CounterOfficer, District, fullName: "Trần Thị Phiên");
        var browser = _factory.Browser();
        const string Planted = "planted-by-someone-else";
        browser.DefaultRequestHeaders.Add("Cookie", $"{AccountsHosting.SessionCookie}={Planted}");

        using var first = await browser.PostSignInAsync("cb.phien");
        browser.DefaultRequestHeaders.Remove("Cookie");
        using var second = await browser.PostSignInAsync("cb.phien");

        string SessionCookie(HttpResponseMessage response) =>
            response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AccountsHosting.SessionCookie + "=", StringComparison.Ordinal));
        var one = SessionCookie(first);
        var two = SessionCookie(second);
        Assert.DoesNotContain(Planted, one, StringComparison.Ordinal);
        Assert.NotEqual(one, two);
        Assert.Contains("httponly", one, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", one, StringComparison.OrdinalIgnoreCase);
        var sessions = (await AuditOfAsync("cb.phien")).Where(a => a.GetProperty("action").GetString() == AccountEvents.SignedIn)
            .Select(a => a.GetProperty("details").GetString()).ToList();
        Assert.Equal(2, sessions.Count);
        Assert.NotEqual(sessions[0], sessions[1]);

        var me = await browser.GetFromJsonAsync<JsonElement>("/api/session");
        Assert.Equal("cb.phien", me.GetProperty("id").GetString());
        Assert.Equal("Trần Thị Phiên", me.GetProperty("fullName").GetString());
        Assert.Equal("cán bộ tiếp nhận", me.GetProperty("roleName").GetString());
        Assert.Equal("UBND huyện Gia Lâm", me.GetProperty("officeName").GetString());
        Assert.Equal("Session", me.GetProperty("via").GetString());
    }

    [Fact]
    public async Task ACookieRequestThatChangesData_WithoutTheAntiforgeryToken_IsRefused_AndWithItGoesThrough()
    {
        await StaffAccounts.CreatePersonAsync(_factory, "cb.csrf", Role.CounterOfficer, District);
        var browser = _factory.Browser();
        await browser.SignInAsync("cb.csrf");
        var token = browser.DefaultRequestHeaders.GetValues(AccountsHosting.AntiforgeryHeader).Single();
        browser.DefaultRequestHeaders.Remove(AccountsHosting.AntiforgeryHeader);
        var procedure = TestReferenceData.FastTrackProcedure(OfficeLevel.District);
        var dossier = new
        {
            procedureCode = procedure.Code,
            applicant = new { fullName = "Đỗ Văn Giang", phone = "0900000001", citizenId = "001085012345", address = "Số 1 Trâu Quỳ, Gia Lâm, Hà Nội" },
            consent = "Signature",
            form = SampleForm.For(procedure),
        };

        using var forged = await browser.PostAsJsonAsync($"/api/offices/{District}/dossiers", dossier);
        using var signOutForged = await browser.DeleteAsync("/api/session");
        browser.DefaultRequestHeaders.Add(AccountsHosting.AntiforgeryHeader, token);
        using var genuine = await browser.PostAsJsonAsync($"/api/offices/{District}/dossiers", dossier);

        foreach (var refused in new[] { forged, signOutForged })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains(AccountsHosting.AntiforgeryHeader, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Created, genuine.StatusCode);
        Assert.Equal("cb.csrf", (await genuine.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enteredBy").GetString());
    }

    [Fact]
    public async Task SignOut_EndsTheSession_AndSignInsFailuresAndSignOutsAreAudited()
    {
        await StaffAccounts.CreatePersonAsync(_factory, "cb.ravao", Role.CounterOfficer, District);
        var browser = _factory.Browser();
        using var failed = await browser.PostSignInAsync("cb.ravao", "Khong-dung-1");
        await browser.SignInAsync("cb.ravao");

        using var signedOut = await browser.DeleteAsync("/api/session");
        using var after = await browser.GetAsync("/api/session");

        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        var audit = await AuditOfAsync("cb.ravao");
        Assert.Equal([AccountEvents.SignedOut, AccountEvents.SignedIn, AccountEvents.SignInFailed], audit.Select(a => a.GetProperty("action").GetString()));
        Assert.All(audit, a => Assert.Equal("cb.ravao", a.GetProperty("actor").GetString()));
        Assert.DoesNotContain(audit, a => a.GetRawText().Contains("Khong-dung", StringComparison.Ordinal) || a.GetRawText().Contains(StaffAccounts.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADisabledAccount_SessionAndClientToken_StopWithinAMinute_EvenWhenDisabledByAnotherProcess()
    {
        await StaffAccounts.CreatePersonAsync(_factory, "cb.nghiviec", Role.CounterOfficer, District);
        var secret = await StaffAccounts.CreateClientAsync(_factory, "app.quay.tam", Role.CounterOfficer, District);
        var browser = _factory.Browser();
        await browser.SignInAsync("cb.nghiviec");
        var app = _factory.CreateClient();
        app.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.ClientTokenAsync("app.quay.tam", secret));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/api/offices/{District}/dossiers")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync($"/api/offices/{District}/dossiers")).StatusCode);

        // Another engine process disables them: this one learns it when what it read of them runs out.
        await using (var database = new Npgsql.NpgsqlConnection(_factory.ConnectionString))
        {
            await database.OpenAsync();
            await using var disable = new Npgsql.NpgsqlCommand("UPDATE staff_accounts SET active = false WHERE id IN ('cb.nghiviec', 'app.quay.tam')", database);
            Assert.Equal(2, await disable.ExecuteNonQueryAsync());
        }

        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        var sessionAt30 = await browser.GetAsync($"/api/offices/{District}/dossiers");
        var tokenAt30 = await app.GetAsync($"/api/offices/{District}/dossiers");
        _factory.Time.Advance(TimeSpan.FromSeconds(31));
        var sessionAt61 = await browser.GetAsync($"/api/offices/{District}/dossiers");
        var tokenAt61 = await app.GetAsync($"/api/offices/{District}/dossiers");
        using var newToken = await _factory.CreateClient().PostTokenRequestAsync("app.quay.tam", secret);
        using var newSession = await _factory.Browser().PostSignInAsync("cb.nghiviec");

        Assert.Equal(HttpStatusCode.OK, sessionAt30.StatusCode);
        Assert.Equal(HttpStatusCode.OK, tokenAt30.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, sessionAt61.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tokenAt61.StatusCode);
        Assert.Equal("application/problem+json", sessionAt61.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual(HttpStatusCode.OK, newToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, newSession.StatusCode);
    }

    [Fact]
    public async Task DisablingThroughTheApi_EndsTheSessionAtOnce_OnThisProcess_AndIsAudited()
    {
        await StaffAccounts.CreatePersonAsync(_factory, "cv.tamnghi", Role.Specialist, District);
        var browser = _factory.Browser();
        await browser.SignInAsync("cv.tamnghi");

        using var disabled = await Admin.PostAsync("/api/admin/users/cv.tamnghi/disable", null);
        using var after = await browser.GetAsync($"/api/offices/{District}/dossiers");
        using var enabled = await Admin.PostAsync("/api/admin/users/cv.tamnghi/enable", null);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.False((await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var audit = await AuditOfAsync("cv.tamnghi");
        Assert.Equal([AccountEvents.Enabled, AccountEvents.Disabled], audit.Take(2).Select(a => a.GetProperty("action").GetString()));
        Assert.All(audit.Take(2), a => Assert.Equal(Tokens.UserOf(Role.Administrator), a.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task AClientCredentialsToken_SubmitsOnThePortalEndpoint_AsThePortalClient()
    {
        using var registered = await Admin.PostAsJsonAsync("/api/admin/clients", new
        {
            id = PortalPayloads.NationalClient, fullName = "Cổng Dịch vụ công Quốc gia", role = "PortalClient", officeCode = District,
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var secret = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientSecret").GetString()!;
        var portal = _factory.CreateClient();
        using var badSecret = await portal.PostTokenRequestAsync(PortalPayloads.NationalClient, secret + "x");
        portal.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await portal.ClientTokenAsync(PortalPayloads.NationalClient, secret));

        using var submitted = await portal.PostAsJsonAsync("/api/portals/national/dossiers", PortalPayloads.National("000.00.18.H29-221011-0901"));
        using var counter = await portal.GetAsync($"/api/offices/{District}/dossiers");

        Assert.True(badSecret.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, badSecret.StatusCode.ToString());
        Assert.True(HttpStatusCode.Created == submitted.StatusCode, await submitted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, counter.StatusCode);
    }

    [Fact]
    public async Task TheStaffDirectory_ListsTheOfficesActivePeopleOfARole_WithTheirFullNames()
    {
        const string Office = "00565";
        await StaffAccounts.CreatePersonAsync(_factory, "cv.an", Role.Specialist, Office, fullName: "Lê Văn An");
        await StaffAccounts.CreatePersonAsync(_factory, "cv.binh", Role.Specialist, Office, fullName: "Phạm Thị Bình");
        await StaffAccounts.CreatePersonAsync(_factory, "cv.cu", Role.Specialist, Office, fullName: "Hoàng Văn Cũ");
        await StaffAccounts.CreatePersonAsync(_factory, "ld.chu", Role.Leader, Office, fullName: "Vũ Văn Chủ");
        await StaffAccounts.CreatePersonAsync(_factory, "cv.khac", Role.Specialist, "00526", fullName: "Ngô Thị Khác");
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync("/api/admin/users/cv.cu/disable", null)).StatusCode);
        var officer = _factory.CreateClientAs(Role.CounterOfficer, Office);

        var specialists = await officer.GetFromJsonAsync<JsonElement[]>($"/api/offices/{Office}/staff?role=Specialist");
        var everyone = await officer.GetFromJsonAsync<JsonElement[]>($"/api/offices/{Office}/staff");
        using var badRole = await officer.GetAsync($"/api/offices/{Office}/staff?role=Boss");
        using var otherOffice = await officer.GetAsync("/api/offices/00526/staff");

        Assert.Equal(["cv.an", "cv.binh"], specialists!.Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(["Lê Văn An", "Phạm Thị Bình"], specialists!.Select(s => s.GetProperty("fullName").GetString()));
        Assert.Equal(["cv.an", "cv.binh", "ld.chu"], everyone!.Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherOffice.StatusCode);
    }
}
