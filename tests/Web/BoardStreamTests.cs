using System.Net;
using System.Net.Http.Json;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Tests.Api;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace CaseEngine.Tests.Web;

/// <summary>
/// The lobby board's event stream over real HTTP: the board at once and after each change, nothing personal, no
/// token, outside the per-minute limit but bounded per address; on PostgreSQL a lost listening connection is
/// opened again and boards keep following.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class BoardStreamTests
{
    private const string District = TestReferenceData.District;

    [Fact]
    public async Task Stream_SendsTheBoardAtOnce_AndAgainAfterEachChange_WithNoPersonalDataAndNoToken()
    {
        await using var web = WebEngine.Start(new ApiFactory { Settings = WebEngine.Kestrel() });
        using var anonymous = web.Anonymous();
        await using var stream = await BoardStream.OpenAsync(anonymous, District);
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);

        var first = await stream.NextAsync(_ => true);
        Assert.Equal("UBND huyện Gia Lâm", first.Board.OfficeName);
        Assert.Empty(first.Board.Open);

        var code = await web.Counter.ReceiveAsync();
        var (board, raw) = await stream.NextAsync(b => b.Open.Any(l => l.Code == code));
        var line = Assert.Single(board.Open);
        Assert.Equal((DossierStatus.Received, Bucket.NotYetDue, 7200L, 5400L), (line.Status, line.Bucket, line.WorkingSecondsLeft, line.WorkingSecondsToNearlyLate));
        Assert.Equal(new DateTimeOffset(2022, 9, 13, 11, 0, 0, TimeSpan.FromHours(7)), line.DueAt);
        Assert.Equal(3 * 3600, board.ClockRunsForSeconds);   // until 12:00
        Assert.All(Counter.PersonalData, secret => Assert.DoesNotContain(secret, raw, StringComparison.Ordinal));

        await web.Counter.StepAsync(code, "request-supplement");
        var paused = (await stream.NextAsync(b => b.Open.Any(l => l.Code == code && l.Paused))).Board;
        Assert.Equal(1, paused.Counts.Paused);

        // Another office's change does not concern this board; the district's next change does.
        await web.Counter.ReceiveAsync(TestReferenceData.Commune);
        var second = await web.Counter.ReceiveAsync();
        var next = (await stream.NextAsync(_ => true)).Board;
        Assert.Contains(next.Open, l => l.Code == second);

        // The JSON board says the same.
        var json = await anonymous.GetFromJsonAsync<CaseEngine.Api.Board.LobbyBoard>($"/api/public/offices/{District}/board", BoardStream.Json);
        Assert.Equal(next.Open.Select(l => l.Code), json!.Open.Select(l => l.Code));
    }

    [Fact]
    public async Task Streams_AreOutsideThePerMinuteLimit_ButBoundedPerAddress_AndAnUnknownOfficeIs404()
    {
        await using var web = WebEngine.Start(new ApiFactory
        {
            PublicRequestsPerMinute = 2,
            Settings = WebEngine.Kestrel(new Dictionary<string, string?> { ["CaseEngine:Board:MaxStreamsPerAddress"] = "3" }),
        });
        using var anonymous = web.Anonymous();

        // Three streams at once, more than the public endpoints' two requests a minute.
        var streams = new List<BoardStream>();
        for (var i = 0; i < 3; i++)
        {
            streams.Add(await BoardStream.OpenAsync(anonymous, District));
            await streams[^1].NextAsync(_ => true);
        }

        await using (var fourth = await BoardStream.OpenAsync(anonymous, District))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, fourth.Response.StatusCode);
            Assert.Equal("60", fourth.Response.Headers.RetryAfter?.ToString());
        }

        // The JSON board is an ordinary public endpoint: its third request in the minute is refused.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/public/offices/{District}/board")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/public/offices/{District}/board")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await anonymous.GetAsync($"/api/public/offices/{District}/board")).StatusCode);

        // A stream that ends gives its place back.
        await streams[0].DisposeAsync();
        await Eventually.GetAsync(
            async () =>
            {
                await using var again = await BoardStream.OpenAsync(anonymous, District);
                return again.Response.StatusCode;
            },
            status => status == HttpStatusCode.OK);

        await using var unknown = await BoardStream.OpenAsync(anonymous, "99999");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Response.StatusCode);
        foreach (var stream in streams.Skip(1))
        {
            await stream.DisposeAsync();
        }
    }

    [Fact]
    public async Task Stream_EndsWhenShutdownBegins_SoThatDrainingDoesNotWaitForIt()
    {
        await using var web = WebEngine.Start(new ApiFactory { Settings = WebEngine.Kestrel() });
        using var anonymous = web.Anonymous();
        await using var stream = await BoardStream.OpenAsync(anonymous, District);
        await stream.NextAsync(_ => true);

        // What SIGTERM or Ctrl-C does first: the host's stopping signal, before draining waits for requests in flight.
        web.Factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        await stream.Ended.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task OnPostgreSql_BoardsFollowChangesThroughTheDatabase_AndTheListenerReconnectsWhenItsConnectionIsKilled()
    {
        await using var database = await TestDatabase.CreateAsync("boardlisten");
        await using var web = WebEngine.Start(new ApiFactory { ConnectionString = database.ConnectionString, Settings = WebEngine.Kestrel() });
        using var anonymous = web.Anonymous();
        await using var stream = await BoardStream.OpenAsync(anonymous, District);
        await stream.NextAsync(_ => true);

        var first = await web.Counter.ReceiveAsync();
        await stream.NextAsync(b => b.Open.Any(l => l.Code == first));

        const string Listener = "SELECT pid FROM pg_stat_activity WHERE application_name = 'caseengine-board-listener' AND datname = current_database()";
        var killed = await database.ScalarAsync<int>(Listener);
        Assert.NotEqual(0, killed);
        Assert.True(await database.ScalarAsync<bool>("SELECT pg_terminate_backend(@pid)", ("pid", killed)));
        await Eventually.GetAsync(() => database.ScalarAsync<int>(Listener), pid => pid != 0 && pid != killed);

        var second = await web.Counter.ReceiveAsync();
        var board = (await stream.NextAsync(b => b.Open.Any(l => l.Code == second))).Board;
        Assert.Equal([first, second], board.Open.Select(l => l.Code).Order(StringComparer.Ordinal));

        // A change written by another writer than this process (as another silo's write query does: the row and the
        // notice in one transaction) reaches the board too.
        await database.ExecuteAsync(
            "UPDATE dossier_index SET status = @returned WHERE code = @code; SELECT pg_notify('caseengine_dossier_changed', @office)",
            ("returned", (short)DossierStatus.Returned), ("code", first), ("office", District));
        var after = (await stream.NextAsync(b => b.Open.All(l => l.Code != first))).Board;
        Assert.Equal([second], after.Open.Select(l => l.Code));
        NpgsqlConnection.ClearAllPools();
    }
}
