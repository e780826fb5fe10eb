using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Api.Accounts;
using CaseEngine.Domain.Reference;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace CaseEngine.Tests.Support;

/// <summary>Accounts made straight in an engine's store (past the administration API's rules), and their sign-ins.</summary>
public static class StaffAccounts
{
    /// <summary>A password that meets the rules.</summary>
    public const string Password = "Mat-khau-2022";

    /// <summary>Creates a person's account in <paramref name="engine"/>'s store.</summary>
    public static async Task CreatePersonAsync(WebApplicationFactory<Program> engine, string id, Role role, string office, bool districtWide = false, string fullName = "Nguyễn Văn Thử", string password = Password)
    {
        await using var scope = engine.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffAccount>>();
        var result = await users.CreateAsync(StaffAccount.New(id, fullName, role, office, districtWide, AccountKind.Person, DateTimeOffset.UtcNow), password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>Registers a machine client in <paramref name="engine"/>'s store; returns its secret.</summary>
    public static async Task<string> CreateClientAsync(WebApplicationFactory<Program> engine, string id, Role role, string office, bool districtWide = false)
    {
        await using var scope = engine.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffAccount>>();
        var account = StaffAccount.New(id, $"Ứng dụng {id}", role, office, districtWide, AccountKind.Client, DateTimeOffset.UtcNow);
        Assert.True((await users.CreateAsync(account)).Succeeded);
        var secret = $"secret-{id}-0123456789";
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(AccountFactory.ClientApplication(account, secret));
        return secret;
    }

    /// <summary>A client that keeps cookies, as a browser does (no redirects followed).</summary>
    public static HttpClient Browser(this WebApplicationFactory<Program> engine) =>
        engine.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

    /// <summary>POSTs a sign-in with <paramref name="browser"/>.</summary>
    public static Task<HttpResponseMessage> PostSignInAsync(this HttpClient browser, string user, string password = Password, string? code = null) =>
        browser.PostAsJsonAsync("/api/session", new { userName = user, password, code });

    /// <summary>Signs <paramref name="browser"/> in; its requests then carry the session's antiforgery token.</summary>
    public static async Task<JsonElement> SignInAsync(this HttpClient browser, string user, string password = Password)
    {
        using var response = await browser.PostSignInAsync(user, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = await response.Content.ReadFromJsonAsync<JsonElement>();
        var antiforgery = session.GetProperty("antiforgery");
        browser.DefaultRequestHeaders.Remove(AccountsHosting.AntiforgeryHeader);
        browser.DefaultRequestHeaders.Add(antiforgery.GetProperty("headerName").GetString()!, antiforgery.GetProperty("token").GetString());
        return session;
    }

    /// <summary>A client credentials token of <paramref name="clientId"/>.</summary>
    public static async Task<HttpResponseMessage> PostTokenRequestAsync(this HttpClient client, string clientId, string secret) =>
        await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }));

    /// <summary>The access token of a successful client credentials request.</summary>
    public static async Task<string> ClientTokenAsync(this HttpClient client, string clientId, string secret)
    {
        using var response = await client.PostTokenRequestAsync(clientId, secret);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }
}
