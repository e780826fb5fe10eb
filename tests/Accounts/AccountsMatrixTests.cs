using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Api;
using CaseEngine.Tests.Support;
using static CaseEngine.Tests.Api.AuthorizationMatrixTests;

namespace CaseEngine.Tests.Accounts;

/// <summary>
/// The role × office × endpoint matrix of <see cref="AuthorizationMatrixTests"/>, for people signed in with a cookie
/// session (with its antiforgery token) and for machine clients with a client credentials token, on PostgreSQL.
/// People have no PortalClient role; a portal client is one account (the national portal's), of its own office.
/// </summary>
public sealed class AccountsMatrixTests(AccountsMatrixTests.Engine engine) : IClassFixture<AccountsMatrixTests.Engine>
{
    public enum Via
    {
        Session,
        ClientToken,
    }

    /// <summary>An engine with one account per role and scope, each signed in or given a token once.</summary>
    public sealed class Engine : IAsyncLifetime
    {
        private readonly ConcurrentDictionary<(Via, Role, Scope), Task<HttpClient>> _clients = new();
        private TestDatabase? _database;
        private string? _code;

        public ApiFactory Factory { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _database = await TestDatabase.CreateAsync("matrix");
            Factory = new ApiFactory { ConnectionString = _database.ConnectionString };
            var created = await Factory.CreateActingClient().PostAsJsonAsync($"/api/offices/{Own}/dossiers", new
            {
                procedureCode = TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code,
                applicant = new { fullName = "Đỗ Văn Giang", phone = "0900000001", citizenId = "001085012345", address = "Số 1 Trâu Quỳ, Gia Lâm, Hà Nội" },
                consent = "Signature",
                form = SampleForm.For(TestReferenceData.FastTrackProcedure(OfficeLevel.District)),
            });
            _code = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("code").GetString();
        }

        public string Code => _code!;

        public Task<HttpClient> ClientAsync(Via via, Role role, Scope scope) => _clients.GetOrAdd((via, role, scope), async key =>
        {
            var (office, district) = scope switch
            {
                Scope.OwnOffice => (Own, false),
                Scope.OtherOffice => (Other, false),
                _ => (Other, true),
            };
            var id = role == Role.PortalClient ? PortalPayloads.NationalClient : $"m.{via}.{role}.{scope}".ToLowerInvariant();

            if (via == Via.Session)
            {
                await StaffAccounts.CreatePersonAsync(Factory, id, role, office, district);
                var browser = Factory.Browser();
                await browser.SignInAsync(id);
                return browser;
            }

            var secret = await StaffAccounts.CreateClientAsync(Factory, id, role, office, district);
            var client = Factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await client.ClientTokenAsync(id, secret));
            return client;
        });

        public async Task DisposeAsync()
        {
            await Factory.DisposeAsync();
            await _database!.DisposeAsync();
        }
    }

    public static TheoryData<Endpoint, Role, Scope, Via> Cases()
    {
        var cases = new TheoryData<Endpoint, Role, Scope, Via>();
        foreach (var endpoint in Endpoints)
        {
            foreach (var via in Enum.GetValues<Via>())
            {
                foreach (var role in Enum.GetValues<Role>())
                {
                    foreach (var scope in Enum.GetValues<Scope>())
                    {
                        if (role != Role.PortalClient || (via == Via.ClientToken && scope == Scope.OwnOffice))
                        {
                            cases.Add(endpoint, role, scope, via);
                        }
                    }
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Role_AtOffice_GetsThroughOrIsRefused(Endpoint endpoint, Role role, Scope scope, Via via)
    {
        var client = await engine.ClientAsync(via, role, scope);
        using var request = Request(endpoint, engine.Code);

        using var response = await client.SendAsync(request);

        await AssertOutcomeAsync(endpoint, role, scope, response);
    }
}
