using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Api.Board;
using CaseEngine.ReadSide;
using CaseEngine.Tests.Api;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CaseEngine.Tests.Web;

/// <summary>
/// What the lobby board's streams cost the read side, over real HTTP: a refused stream reads nothing, stream requests
/// are rate-limited per address, and an office's board is read once per change (or refresh) for all its streams and
/// JSON requests, each stream getting the newest version.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class BoardReadCostTests
{
    private const string District = TestReferenceData.District;

    private static WebEngine Start(Dictionary<string, string?>? settings = null, int publicRequestsPerMinute = 1000) =>
        WebEngine.Start(new ApiFactory
        {
            PublicRequestsPerMinute = publicRequestsPerMinute,
            TestServices = CountingDossierIndex.Decorate,
            Settings = WebEngine.Kestrel(settings),
        });

    private static async Task<List<BoardStream>> OpenAsync(HttpClient client, int count)
    {
        var streams = new List<BoardStream>();
        for (var i = 0; i < count; i++)
        {
            streams.Add(await BoardStream.OpenAsync(client, District));
            Assert.Equal(HttpStatusCode.OK, streams[^1].Response.StatusCode);
            await streams[^1].NextAsync(_ => true);
        }

        return streams;
    }

    private static async Task CloseAsync(IEnumerable<BoardStream> streams)
    {
        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }
    }

    [Fact]
    public async Task StreamsRefusedOverTheAddressLimit_ReadNothing()
    {
        await using var web = Start(new() { ["CaseEngine:Board:MaxStreamsPerAddress"] = "1" });
        var reads = CountingDossierIndex.Of(web.Factory.Services);
        using var anonymous = web.Anonymous();
        await using var open = await BoardStream.OpenAsync(anonymous, District);
        await open.NextAsync(_ => true);
        var before = reads.Lists(District);

        for (var i = 0; i < 20; i++)
        {
            await using var refused = await BoardStream.OpenAsync(anonymous, District);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.Response.StatusCode);
            Assert.Equal("60", refused.Response.Headers.RetryAfter?.ToString());
        }

        Assert.Equal(before, reads.Lists(District));
    }

    [Fact]
    public async Task StreamRequests_OverTheirRatePerMinute_Get429ProblemWithRetryAfter_AndEachLimitSaysItsOwnDetail()
    {
        await using var web = Start(new() { ["CaseEngine:Board:StreamRequestsPerMinute"] = "3" }, publicRequestsPerMinute: 1);
        using var anonymous = web.Anonymous();

        // Three requests a minute, whether their streams are still open or not.
        var streams = await OpenAsync(anonymous, 2);
        await CloseAsync(streams);
        await using (var third = await BoardStream.OpenAsync(anonymous, District))
        {
            Assert.Equal(HttpStatusCode.OK, third.Response.StatusCode);
        }

        await using var refused = await BoardStream.OpenAsync(anonymous, District);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Response.StatusCode);
        Assert.Equal("60", refused.Response.Headers.RetryAfter?.ToString());
        Assert.Equal("application/problem+json", refused.Response.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("At most 3 lobby board stream requests a minute from one address; try again in a minute.", problem.GetProperty("detail").GetString());

        // The public endpoints' limit is apart, and says its own figure.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/public/offices/{District}/board")).StatusCode);
        using var json = await anonymous.GetAsync($"/api/public/offices/{District}/board");
        Assert.Equal(HttpStatusCode.TooManyRequests, json.StatusCode);
        Assert.True(json.Headers.Contains("Retry-After"));
        var publicProblem = await json.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("At most 1 requests a minute from one address; try again in a minute.", publicProblem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TwentyStreamsAndJsonReads_OfOneOffice_ShareOneBoardReadPerChange_AndAllGetTheNewBoard()
    {
        await using var web = Start();
        var reads = CountingDossierIndex.Of(web.Factory.Services);
        using var anonymous = web.Anonymous();
        var streams = await OpenAsync(anonymous, 20);
        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(await anonymous.GetFromJsonAsync<LobbyBoard>($"/api/public/offices/{District}/board", BoardStream.Json));
        }

        Assert.Equal(CountingDossierIndex.ListsPerBoard, reads.Lists(District));

        var code = await web.Counter.ReceiveAsync();
        await Task.WhenAll(streams.Select(s => s.NextAsync(b => b.Open.Any(l => l.Code == code))));
        for (var i = 0; i < 3; i++)
        {
            var board = await anonymous.GetFromJsonAsync<LobbyBoard>($"/api/public/offices/{District}/board", BoardStream.Json);
            Assert.Contains(board!.Open, l => l.Code == code);
        }

        Assert.Equal(2 * CountingDossierIndex.ListsPerBoard, reads.Lists(District));
        await CloseAsync(streams);
    }

    [Fact]
    public async Task Streams_GetTheBoardAgainAtItsRefreshTime_AndAfterAMissedChangesSignal_ReadOnceForAll()
    {
        await using var web = Start();
        var reads = CountingDossierIndex.Of(web.Factory.Services);
        using var anonymous = web.Anonymous();
        var streams = await OpenAsync(anonymous, 5);
        Assert.Equal(CountingDossierIndex.ListsPerBoard, reads.Lists(District));

        // A minute of engine time, nothing written: the countdowns are corrected.
        web.Time.Advance(TimeSpan.FromMinutes(1));
        var minuteLater = TestReferenceData.FastTrackTuesday.AddMinutes(1);
        await Task.WhenAll(streams.Select(s => s.NextAsync(b => b.Now == minuteLater)));
        Assert.Equal(2 * CountingDossierIndex.ListsPerBoard, reads.Lists(District));

        // The listening connection was lost (changes may have been missed): every board is read again, once.
        web.Factory.Services.GetRequiredService<DossierChanges>().PublishAll();
        await Task.WhenAll(streams.Select(s => s.NextAsync(_ => true)));
        Assert.Equal(3 * CountingDossierIndex.ListsPerBoard, reads.Lists(District));
        await CloseAsync(streams);
    }

    [Fact]
    public async Task AListenerThatFellBehind_GetsTheNewestBoard_SkippingThoseBetween()
    {
        await using var web = Start();
        var feeds = web.Factory.Services.GetRequiredService<BoardFeeds>();
        using var slow = feeds.Listen(District);
        using var follower = feeds.Listen(District);
        var first = await slow.NextAsync(0).WaitAsync(TimeSpan.FromSeconds(20));

        // Three changes, each one's board read before the next, while the slow listener sends nothing.
        var seen = first;
        var codes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var code = await web.Counter.ReceiveAsync();
            codes.Add(code);
            while (seen.Board.Open.All(l => l.Code != code))
            {
                seen = await follower.NextAsync(seen.Number).WaitAsync(TimeSpan.FromSeconds(20));
            }
        }

        // Not the version after its own, but the newest.
        Assert.True(seen.Number >= first.Number + 3);
        var newest = await slow.NextAsync(first.Number).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(newest.Number >= seen.Number);
        Assert.Equal(codes.Order(StringComparer.Ordinal), newest.Board.Open.Select(l => l.Code).Order(StringComparer.Ordinal));
    }
}
