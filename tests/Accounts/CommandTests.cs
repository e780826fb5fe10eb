using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Api.Accounts;
using CaseEngine.Api.Security;
using CaseEngine.Tests.Api;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace CaseEngine.Tests.Accounts;

/// <summary>The first-administrator command and the development token command.</summary>
public sealed class CommandTests
{
    private static IConfiguration Configuration(string? connectionString) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["CaseEngine:Storage"] = connectionString is null ? "Memory" : "PostgreSql",
        ["ConnectionStrings:CaseEngine"] = connectionString,
        [$"{AuthSettings.Section}:SigningKey"] = Tokens.SigningKey,
    }).Build();

    private static async Task<(int Code, string Output, string Error)> AdminAsync(string connectionString, string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await FirstAdministrator.RunAsync(args, Configuration(connectionString), new StringReader(input), output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task TheFirstAdministrator_IsCreatedOnce_SignsIn_AndASecondRunIsRefused()
    {
        await using var database = await TestDatabase.CreateAsync("firstadmin", migrate: false);
        const string Password = "Quan-tri-Gia-Lam-2022";

        var weak = await AdminAsync(database.ConnectionString, "ngan\n", "--user", "qt.gialam", "--name", "Nguyễn Quản Trị");
        var first = await AdminAsync(database.ConnectionString, Password + "\n", "--user", "qt.gialam", "--name", "Nguyễn Quản Trị");
        var second = await AdminAsync(database.ConnectionString, Password + "\n", "--user", "qt.thuhai", "--name", "Trần Thứ Hai");

        Assert.Equal(1, weak.Code);
        Assert.Contains("ít nhất 10 ký tự", weak.Error, StringComparison.Ordinal);
        Assert.Equal(0, first.Code);
        Assert.DoesNotContain(Password, first.Output, StringComparison.Ordinal);
        Assert.Equal(1, second.Code);
        Assert.Contains("qt.gialam", second.Error, StringComparison.Ordinal);
        await using var engine = new ApiFactory { ConnectionString = database.ConnectionString };
        var browser = engine.Browser();
        var session = await browser.SignInAsync("qt.gialam", Password);
        Assert.Equal("Administrator", session.GetProperty("role").GetString());
        Assert.True(session.GetProperty("districtWide").GetBoolean());
        Assert.Equal(TestReferenceData.District, session.GetProperty("officeCode").GetString());
        var users = await browser.GetFromJsonAsync<JsonElement[]>("/api/admin/users");
        Assert.Equal(["qt.gialam"], users!.Select(u => u.GetProperty("id").GetString()));
        var audit = await browser.GetFromJsonAsync<JsonElement[]>("/api/admin/account-audit?subject=qt.gialam");
        Assert.Contains(audit!, a => a.GetProperty("action").GetString() == AccountEvents.Created && a.GetProperty("actor").GetString() == FirstAdministrator.Actor);
    }

    [Fact]
    public async Task TheFirstAdministrator_WithoutAPassword_GetsOneGeneratedAndPrintedOnce()
    {
        await using var database = await TestDatabase.CreateAsync("firstadmin2");

        var run = await AdminAsync(database.ConnectionString, "", "--user", "qt.gialam", "--name", "Nguyễn Quản Trị");

        Assert.Equal(0, run.Code);
        var password = run.Output.Split('\n').Single(l => l.StartsWith("Password", StringComparison.Ordinal)).Split(": ")[1].Trim();
        await using var engine = new ApiFactory { ConnectionString = database.ConnectionString };
        await engine.Browser().SignInAsync("qt.gialam", password);
    }

    [Fact]
    public async Task TheFirstAdministrator_InMemoryMode_OrOfACommuneOffice_IsRefused()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        await using var database = await TestDatabase.CreateAsync("firstadmin3");

        var memory = await FirstAdministrator.RunAsync(["--user", "qt.a", "--name", "A"], Configuration(null), new StringReader("x"), output, error);
        var commune = await AdminAsync(database.ConnectionString, "Quan-tri-Gia-Lam-2022\n", "--user", "qt.b", "--name", "B", "--office", "00526");

        Assert.Equal(1, memory);
        Assert.Contains("memory mode", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, commune.Code);
    }

    [Theory]
    [InlineData("Boss", TestReferenceData.District, 2)]
    [InlineData("7", TestReferenceData.District, 2)]
    [InlineData("CounterOfficer", "999", 2)]
    [InlineData("counterofficer", TestReferenceData.District, 0)]
    public void TheTokenCommand_RefusesUnknownRolesAndOffices(string role, string office, int expected)
    {
        Assert.Equal(expected, TokenIssuer.Run(["--user", "cb.thu", "--role", role, "--office", office], Configuration(null)));
    }
}
