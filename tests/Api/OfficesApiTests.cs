using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CaseEngine.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class OfficesApiTests(ApiFactory factory)
{
    private readonly HttpClient _http = factory.CreateActingClient();

    [Theory]
    [InlineData("2022-09-13T11:30:00%2B07:00", 120, "2022-09-13T14:30:00+07:00")]
    [InlineData("2022-09-13T16:30:00%2B07:00", 120, "2022-09-14T09:30:00+07:00")]
    [InlineData("2022-09-13T11:30:00+07:00", 120, "2022-09-13T14:30:00+07:00")]
    [InlineData("2022-09-13T04:30:00Z", 120, "2022-09-13T14:30:00+07:00")]
    [InlineData("2022-09-13T11:00:00%2B07:00", 60, "2022-09-13T12:00:00+07:00")]
    [InlineData("2022-09-02T10:00:00%2B07:00", 30, "2022-09-05T08:30:00+07:00")]
    public async Task Deadline_WalksWorkingTime(string start, int minutes, string due)
    {
        var body = await _http.GetStringAsync($"/api/offices/018/deadline?start={start}&workingMinutes={minutes}");

        Assert.Equal($"{{\"due\":\"{due}\"}}", body);
    }

    [Theory]
    [InlineData("workingMinutes=120")]
    [InlineData("start=2022-09-13T11:30:00%2B07:00")]
    [InlineData("start=2022-09-13T11:30:00&workingMinutes=120")]
    [InlineData("start=yesterday&workingMinutes=120")]
    [InlineData("start=2022-09-13T11:30:00%2B07:00&workingMinutes=0")]
    [InlineData("start=2022-09-13T11:30:00%2B07:00&workingMinutes=-5")]
    [InlineData("start=2022-09-13T11:30:00%2B07:00&workingMinutes=1.5")]
    [InlineData("start=2022-09-13T11:30:00%2B07:00&workingMinutes=99999999999")]
    [InlineData("start=9999-12-31T23:00:00%2B07:00&workingMinutes=1200000")]
    [InlineData("start=0001-01-01T00:00:00%2B07:00&workingMinutes=10")]
    public async Task Deadline_MissingOrMalformed_Returns400(string query)
    {
        var response = await _http.GetAsync($"/api/offices/018/deadline?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any());
    }

    [Fact]
    public async Task Deadline_UnknownOffice_Returns404()
    {
        var response = await _http.GetAsync("/api/offices/nowhere/deadline?start=2022-09-13T11:30:00%2B07:00&workingMinutes=120");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Offices_ListsTheTwentyThreeOffices()
    {
        var offices = await _http.GetFromJsonAsync<JsonElement[]>("/api/offices");

        Assert.Equal(23, offices!.Length);
        Assert.Contains(offices, o => o.GetProperty("name").GetString() == "UBND thị trấn Trâu Quỳ");
    }

    [Fact]
    public async Task Procedures_ListsThirtySevenFastTrack()
    {
        var fastTrack = await _http.GetFromJsonAsync<JsonElement[]>("/api/procedures?fastTrack=true");

        Assert.Equal(37, fastTrack!.Length);
        Assert.Equal(28, fastTrack.Count(p => p.GetProperty("level").GetString() == "District"));
    }

    [Fact]
    public async Task Swagger_DescribesEveryOperationWithASummary()
    {
        var document = await _http.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var operations = document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()).ToList();
        Assert.True(operations.Count >= 20);
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(o.Value.GetProperty("summary").GetString())));
    }

    [Fact]
    public async Task Swagger_DescribesAStepKindAsTheNameItIsSentAs()
    {
        var document = await _http.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var kind = document.GetProperty("components").GetProperty("schemas").GetProperty("HistoryEntry").GetProperty("properties").GetProperty("kind");
        Assert.Equal("string", kind.GetProperty("type").GetString());
        Assert.Contains("Due (new appointment)", kind.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }
}
