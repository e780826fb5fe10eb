using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Process;

/// <summary>The real web server refuses oversized bodies, headers and request lines with problems, and keeps serving.</summary>
[Collection(ProcessCollection.Name)]
public sealed class RequestLimitTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private EngineProcess _engine = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("limits");
        _engine = await EngineProcess.StartReadyAsync("engine", _database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task OversizedBody_Is413Problem_AndNothingIsCreated()
    {
        var body = "{\"procedureCode\":\"" + new string('x', 200_000) + "\"}";
        using var response = await _engine.Http.PostAsync($"/api/offices/{TestReferenceData.District}/dossiers", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM OrleansStorage"));
        var list = await _engine.Http.GetFromJsonAsync<JsonElement>($"/api/offices/{TestReferenceData.District}/dossiers");
        Assert.Equal(0, list.GetArrayLength());
    }

    [Fact]
    public async Task OversizedHeader_IsRefused_AndTheEngineKeepsServing()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/offices/{TestReferenceData.District}/dossiers");
        request.Headers.Add("X-Padding", new string('p', 64 * 1024));
        using var response = await _engine.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _engine.Http.GetAsync("/health/ready")).StatusCode);
    }
}
