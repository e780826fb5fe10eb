using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Api;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Accounts;

/// <summary>The district administrators' API and the authenticator, in memory mode (the accounts are kept in memory there).</summary>
public sealed class AdministrationTests(AdministrationTests.Engine engine) : IClassFixture<AdministrationTests.Engine>
{
    private const string District = TestReferenceData.District;
    private readonly ApiFactory _factory = engine.Factory;

    public sealed class Engine : IAsyncLifetime
    {
        public ApiFactory Factory { get; } = new();

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    private HttpClient Admin => _factory.CreateClientAs(Role.Administrator, District, districtWide: true);

    [Fact]
    public async Task AnAdministrator_CreatesAPerson_WhoSignsInWithTheGeneratedPassword()
    {
        using var created = await Admin.PostAsJsonAsync("/api/admin/users", new { id = "cv.moi", fullName = "Đinh Thị Mới", role = "Specialist", officeCode = "00565" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var password = body.GetProperty("password").GetString()!;
        var session = await _factory.Browser().SignInAsync("cv.moi", password);
        Assert.Equal("Đinh Thị Mới", session.GetProperty("fullName").GetString());
        Assert.Equal("chuyên viên", session.GetProperty("roleName").GetString());
        var staff = await _factory.CreateClientAs(Role.CounterOfficer, "00565").GetFromJsonAsync<JsonElement[]>("/api/offices/00565/staff?role=Specialist");
        Assert.Contains(staff!, s => s.GetProperty("id").GetString() == "cv.moi");
    }

    [Fact]
    public async Task ABadAccount_IsRefusedField_ByField_InVietnamese()
    {
        using var bad = await Admin.PostAsJsonAsync("/api/admin/users", new { id = "Cán Bộ", fullName = "", role = "PortalClient", officeCode = "999", password = "ngan" });
        using var commune = await Admin.PostAsJsonAsync("/api/admin/users", new { id = "qt.xa", fullName = "Quản Trị Xã", role = "Administrator", officeCode = "00526", districtWide = true });
        using var weak = await Admin.PostAsJsonAsync("/api/admin/users", new { id = "cb.yeu", fullName = "Mật Khẩu Yếu", role = "CounterOfficer", officeCode = District, password = "abcdefghij" });
        await StaffAccounts.CreatePersonAsync(_factory, "cb.trung", Role.CounterOfficer, District);
        using var duplicate = await Admin.PostAsJsonAsync("/api/admin/users", new { id = "cb.trung", fullName = "Trùng Tên", role = "CounterOfficer", officeCode = District });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["fullName", "id", "officeCode", "role"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("Không có cơ quan mã 999", errors.GetProperty("officeCode")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, commune.StatusCode);
        Assert.Contains("districtWide", (await commune.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("chữ số", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact]
    public async Task ChangingARole_EndsTheSessions_AndTheNextSignInCarriesTheNewRole()
    {
        await StaffAccounts.CreatePersonAsync(_factory, "cb.doivai", Role.CounterOfficer, District, fullName: "Lý Văn Đổi");
        var browser = _factory.Browser();
        await browser.SignInAsync("cb.doivai");

        using var changed = await Admin.PutAsJsonAsync("/api/admin/users/cb.doivai", new { fullName = "Lý Văn Đổi", role = "Leader", officeCode = District });
        using var old = await browser.GetAsync("/api/session");
        var again = await _factory.Browser().SignInAsync("cb.doivai");

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal("Leader", again.GetProperty("role").GetString());
        var audit = await Admin.GetFromJsonAsync<JsonElement[]>("/api/admin/account-audit?subject=cb.doivai");
        Assert.Contains(audit!, a => a.GetProperty("action").GetString() == "Changed" && a.GetProperty("details").GetString()!.Contains("lãnh đạo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AResetPassword_UnlocksTheAccount_AndTheOldPasswordNoLongerWorks()
    {
        await StaffAccounts.CreatePersonAsync(_factory, "cb.quenmk", Role.CounterOfficer, District);
        for (var i = 0; i < 5; i++)
        {
            await _factory.Browser().PostSignInAsync("cb.quenmk", "Sai-mat-khau-9");
        }

        using var reset = await Admin.PostAsJsonAsync("/api/admin/users/cb.quenmk/password", new { password = (string?)null });
        var password = (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString()!;
        using var old = await _factory.Browser().PostSignInAsync("cb.quenmk");

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        await _factory.Browser().SignInAsync("cb.quenmk", password);
    }

    [Fact]
    public async Task AnAuthenticator_OnceConfirmed_IsAskedForAtSignIn()
    {
        await StaffAccounts.CreatePersonAsync(_factory, "ld.haibuoc", Role.Leader, District);
        var browser = _factory.Browser();
        await browser.SignInAsync("ld.haibuoc");

        using var enrolled = await browser.PostAsync("/api/session/authenticator", null);
        var key = (await enrolled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        using var wrongCode = await browser.PostAsJsonAsync("/api/session/authenticator/verify", new { code = "000000" == Totp(key) ? "111111" : "000000" });
        using var confirmed = await browser.PostAsJsonAsync("/api/session/authenticator/verify", new { code = Totp(key) });
        using var stillSignedIn = await browser.GetAsync("/api/session");
        using var withoutCode = await _factory.Browser().PostSignInAsync("ld.haibuoc");
        using var withCode = await _factory.Browser().PostSignInAsync("ld.haibuoc", code: Totp(key));

        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongCode.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.Equal("twoFactorRequired", (await withoutCode.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
    }

    [Fact]
    public async Task AnAdministrator_CannotDisableThemselves()
    {
        await StaffAccounts.CreatePersonAsync(_factory, "qt.tuminh", Role.Administrator, District, districtWide: true);
        var browser = _factory.Browser();
        await browser.SignInAsync("qt.tuminh");

        using var refused = await browser.PostAsync("/api/admin/users/qt.tuminh/disable", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }

    // RFC 6238 with the authenticator apps' defaults: HMAC-SHA1, 30-second steps, 6 digits, on the system clock.
    private static string Totp(string base32Key)
    {
        var key = Base32(base32Key);
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
#pragma warning disable CA5350 // The authenticator apps' algorithm (RFC 6238), not a choice of ours.
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7fffffff) % 1_000_000;
        return value.ToString("D6", CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var buffer = 0;
        var bytes = new List<byte>();
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            buffer = (buffer << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
