using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseEngine.Api.Apis;
using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Api;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CaseEngine.Tests.Durable;

/// <summary>Listing and counting on PostgreSQL through the API: filters, periods, and no dossier activated, even after a restart.</summary>
[Collection(DurableCollection.Name)]
public sealed class ReadSideApiTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);
    private static readonly string FastTrack = TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code;
    private static readonly string Standard = TestReferenceData.StandardDaysProcedure(OfficeLevel.District).Code;

    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("readside");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private ApiFactory Engine(Microsoft.Extensions.Time.Testing.FakeTimeProvider? time = null) =>
        new() { ConnectionString = _database.ConnectionString, Time = time ?? new(TestReferenceData.FastTrackTuesday) };

    private static async Task<string> CreateAsync(HttpClient http, string procedureCode)
    {
        var response = await http.PostAsJsonAsync($"/api/offices/{TestReferenceData.District}/dossiers", new
        {
            procedureCode,
            applicant = new { fullName = "Phạm Văn Bình", phone = "0912000111", citizenId = "001085012345", address = "Số 1 Trâu Quỳ, Gia Lâm, Hà Nội" }, consent = "Signature",
            form = SampleForm.For(TestReferenceData.Shipped, procedureCode),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<DossierView>(Json))!.Code;
    }

    private static async Task<string[]> CodesAsync(HttpClient http, string query) =>
        [.. (await http.GetFromJsonAsync<BoardEntry[]>($"/api/offices/{TestReferenceData.District}/dossiers?{query}", Json))!.Select(e => e.Code)];

    [Fact]
    public async Task ListAndCount_ByStatusProcedureBucketAndPeriod_SurviveARestartWithoutActivatingDossiers()
    {
        string tuesdayFast, tuesdayStandard, wednesdayFast;
        SlaView[] deadlines;
        await using (var engine = Engine())
        {
            var http = engine.CreateActingClient();
            tuesdayFast = await CreateAsync(http, FastTrack);
            tuesdayStandard = await CreateAsync(http, Standard);
            var forward = await http.PostAsJsonAsync($"/api/dossiers/{tuesdayStandard}/forward", new { to = "cv.tuphap" });
            Assert.Equal(HttpStatusCode.OK, forward.StatusCode);
            engine.Time.SetUtcNow(new DateTimeOffset(2022, 9, 14, 9, 0, 0, Hanoi));
            wednesdayFast = await CreateAsync(http, FastTrack);

            Assert.Equal([wednesdayFast, tuesdayStandard, tuesdayFast], await CodesAsync(http, ""));
            Assert.Equal([tuesdayStandard], await CodesAsync(http, "status=InProcessing"));
            Assert.Equal([wednesdayFast, tuesdayFast], await CodesAsync(http, $"procedure={FastTrack}"));
            Assert.Equal([wednesdayFast], await CodesAsync(http, "from=2022-09-14&to=2022-09-14"));
            Assert.Equal([tuesdayStandard, tuesdayFast], await CodesAsync(http, "to=2022-09-13"));
            Assert.Equal([wednesdayFast], await CodesAsync(http, "limit=1"));
            Assert.Equal([tuesdayStandard], await CodesAsync(http, "limit=1&offset=1"));

            // Wednesday 09:00: Tuesday's fast-track dossier is long past due; Wednesday's has its two hours ahead.
            Assert.Equal([tuesdayFast], await CodesAsync(http, "bucket=Late"));
            Assert.Equal([wednesdayFast, tuesdayStandard], await CodesAsync(http, "bucket=NotYetDue"));
            deadlines = [.. await Task.WhenAll(new[] { wednesdayFast, tuesdayStandard, tuesdayFast }.Select(async code =>
                (await http.GetFromJsonAsync<DossierView>($"/api/dossiers/{code}", Json))!.Sla!))];
        }

        // Restarted a minute after Wednesday's dossier became nearly late: the read side judges each as the domain does.
        var restartAt = deadlines[0].NearlyLateAt.AddMinutes(1);
        await using var restarted = Engine(new(restartAt));
        var again = restarted.CreateActingClient();
        string[] newestFirst = [wednesdayFast, tuesdayStandard, tuesdayFast];
        Assert.Equal(newestFirst, await CodesAsync(again, ""));
        foreach (var bucket in Enum.GetValues<Bucket>())
        {
            var expected = newestFirst.Where((_, i) => new Deadline
            {
                NearlyLateAt = deadlines[i].NearlyLateAt,
                DueAt = deadlines[i].DueAt,
                OverdueAt = deadlines[i].OverdueAt,
            }.BucketAt(restartAt) == bucket);
            Assert.Equal(expected, await CodesAsync(again, $"bucket={bucket}"));
        }

        Assert.Contains(wednesdayFast, await CodesAsync(again, "bucket=NearlyLate"));

        var counts = (await again.GetFromJsonAsync<DossierCountsResponse>(
            $"/api/offices/{TestReferenceData.District}/dossier-counts?from=2022-09-13&to=2022-09-14", Json))!;
        Assert.Equal(3, counts.Total);
        Assert.Equal([(DossierStatus.Received, 2), (DossierStatus.InProcessing, 1)], counts.ByStatus.Select(c => (c.Status, c.Count)));
        Assert.Equal([(FastTrack, 2), (Standard, 1)], counts.ByProcedure.Select(c => (c.ProcedureCode, c.Count)));
        var tuesdayOnly = (await again.GetFromJsonAsync<DossierCountsResponse>(
            $"/api/offices/{TestReferenceData.District}/dossier-counts?from=2022-09-13&to=2022-09-13", Json))!;
        Assert.Equal(2, tuesdayOnly.Total);

        var management = restarted.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        static int Dossiers(SimpleGrainStatistic[] statistics) =>
            statistics.Where(s => s.GrainType.Contains("Dossier", StringComparison.OrdinalIgnoreCase)).Sum(s => s.ActivationCount);
        Assert.Equal(0, Dossiers(await management.GetSimpleGrainStatistics()));

        // Reading one dossier itself does activate it: the statistic sees dossier activations.
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"/api/dossiers/{tuesdayFast}")).StatusCode);
        Assert.Equal(1, Dossiers(await management.GetSimpleGrainStatistics()));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("from=2022-09-14&to=2022-09-13", "to")]
    [InlineData("from=1800-01-01", "from")]
    public async Task List_WithABadFilter_IsAProblemNamingTheField(string query, string field)
    {
        await using var engine = Engine();
        var response = await engine.CreateActingClient().GetAsync($"/api/offices/{TestReferenceData.District}/dossiers?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
    }

    [Fact]
    public async Task CountAndList_UnknownOfficeOrUnreadableDay_AreProblems()
    {
        await using var engine = Engine();
        var http = engine.CreateActingClient();

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/offices/99999/dossier-counts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/offices/99999/dossiers")).StatusCode);
        var unreadable = await http.GetAsync($"/api/offices/{TestReferenceData.District}/dossier-counts?from=13-09-2022");
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Equal("application/problem+json", unreadable.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RetriedCreate_AfterARestart_GetsTheCodeItGotBefore_FromTheReadSide()
    {
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Create() => new(HttpMethod.Post, $"/api/offices/{TestReferenceData.District}/dossiers")
        {
            Headers = { { "Idempotency-Key", key } },
            Content = JsonContent.Create(new
            {
                procedureCode = FastTrack,
                applicant = new { fullName = "Phạm Văn Bình", phone = "0912000111", citizenId = "001085012345", address = "Số 1 Trâu Quỳ, Gia Lâm, Hà Nội" },
                consent = "Signature",
                form = SampleForm.For(TestReferenceData.Shipped, FastTrack),
            }),
        };

        string code;
        await using (var engine = Engine())
        {
            using var first = await engine.CreateActingClient().SendAsync(Create());
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            code = (await first.Content.ReadFromJsonAsync<DossierView>(Json))!.Code;
        }

        // A new engine: its office grain remembers no key; the read side has the key of the create that made the dossier.
        await using var restarted = Engine();
        var http = restarted.CreateActingClient();
        using var retry = await http.SendAsync(Create());
        var other = await CreateAsync(http, FastTrack);

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(code, (await retry.Content.ReadFromJsonAsync<DossierView>(Json))!.Code);
        Assert.Equal(2, (await http.GetFromJsonAsync<JsonElement[]>($"/api/dossiers/{code}/history"))!.Length);
        Assert.NotEqual(code, other);
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM dossier_index WHERE creation_key = @key", ("key", key)));
    }
}
