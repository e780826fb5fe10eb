using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Api;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Process;

/// <summary>
/// Two engine processes, two silos of one cluster on one database, on the real clock: next year's calendar saved
/// through one is what the other answers within seconds, without a restart.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ReferenceAcrossEnginesTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("reference-two");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task ACalendarSavedThroughOneEngine_IsAnsweredByTheOtherWithinSeconds()
    {
        await using var a = EngineProcess.Start("A", _database.ConnectionString);
        await using var b = EngineProcess.Start("B", _database.ConnectionString);
        await Task.WhenAll(a.WaitUntilReadyAsync(Cluster.OfSize(2)), b.WaitUntilReadyAsync(Cluster.OfSize(2)));
        var admin = new AuthenticationHeaderValue("Bearer", Tokens.For(Role.Administrator, TestReferenceData.District, districtWide: true));
        a.Http.DefaultRequestHeaders.Authorization = admin;
        b.Http.DefaultRequestHeaders.Authorization = admin;
        Assert.Equal(0, (await b.Http.GetFromJsonAsync<JsonElement>("/api/admin/calendar/2027")).GetProperty("daysOff").GetArrayLength());

        var saved = await a.Http.PutAsJsonAsync("/api/admin/calendar/2027", CalendarAdminApiTests.Year2027());
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var seen = await Eventually.GetAsync(
            () => b.Http.GetFromJsonAsync<JsonElement>("/api/admin/calendar/2027"),
            year => year.GetProperty("version").GetInt32() == 2,
            TimeSpan.FromSeconds(10));
        Assert.Equal("Tết Dương lịch 2027", seen.GetProperty("daysOff")[0].GetProperty("name").GetString());
        var versions = await b.Http.GetFromJsonAsync<JsonElement[]>("/api/admin/reference/versions");
        Assert.True(versions![0].GetProperty("inForce").GetBoolean());
    }
}
