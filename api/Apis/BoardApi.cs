using System.Threading.RateLimiting;
using CaseEngine.Api.Board;
using CaseEngine.Domain.Reference;
using CaseEngine.Silo;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CaseEngine.Api.Apis;

/// <summary>
/// The lobby board of an office, public and anonymous: as JSON, and as a stream of server-sent events that sends the
/// board again whenever the office's dossiers change (and every minute of engine time, for the countdowns). Both take
/// the board from the office's <see cref="BoardFeeds">feed</see>, read once per change for all of them.
/// </summary>
public static class BoardApi
{
    // Proxies and browsers drop a silent connection after a while: a comment line keeps it open.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(20);
    private static readonly ReadOnlyMemory<byte> KeepAliveComment = ": keep-alive\n\n"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> Retry = "retry: 3000\n\n"u8.ToArray();

    /// <summary>Name of the rate-limiting policy of the board's event stream (<see cref="BoardOptions.StreamRequestsPerMinute"/>).</summary>
    public const string StreamRateLimitPolicy = "board-stream";

    /// <summary>
    /// Registers and reads the stream limits (<c>CaseEngine:Board</c>, checked again on start), and registers the
    /// boards, their shared feeds, their checks and the stream's rate-limiting policy (per client address).
    /// </summary>
    /// <exception cref="EngineStartupException">A limit is out of its range.</exception>
    public static IHostApplicationBuilder AddLobbyBoards(this IHostApplicationBuilder builder)
    {
        builder.AddEngineSettings(new BoardOptionsValidator());
        var services = builder.Services;
        services.AddSingleton<BoardStreams>();
        services.AddSingleton<LobbyBoards>();
        services.AddSingleton<BoardFeeds>();
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<BoardOptions>>((o, board) =>
            o.AddPolicy(StreamRateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = board.Value.StreamRequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return builder;
    }

    /// <summary>Why the stream's rate limit refused a request, for the 429 problem's detail.</summary>
    public static string StreamRateLimitDetail(HttpContext http) =>
        $"At most {http.RequestServices.GetRequiredService<IOptions<BoardOptions>>().Value.StreamRequestsPerMinute} lobby board stream requests a minute "
        + "from one address; try again in a minute.";

    /// <summary>Maps <c>/api/public/offices/{officeCode}/board</c> and <c>…/board/events</c>.</summary>
    public static IEndpointRouteBuilder MapBoardApi(this IEndpointRouteBuilder app)
    {
        var board = app.MapGroup("/api/public/offices/{officeCode}/board").WithTags("Public pages").AllowAnonymous()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        board.MapGet("/", GetBoard)
            .RequireRateLimiting(PublicApi.RateLimitPolicy)
            .WithName("GetLobbyBoard")
            .WithSummary("The office's lobby board: open dossiers (codes only), status, due time, working time left and bucket; results ready to collect")
            .WithDescription("Read from the read side, without activating dossiers, once per change for all who ask (the streams' read). No personal data.");
        board.MapGet("/events", StreamBoard)
            .RequireRateLimiting(StreamRateLimitPolicy)
            .WithName("StreamLobbyBoard")
            .WithSummary("The lobby board as server-sent events: event 'board' with the board's JSON at once and after every change")
            .WithDescription("Not counted against the public per-minute limit; instead CaseEngine:Board:StreamRequestsPerMinute requests a minute "
                + "from one address, and at most CaseEngine:Board:MaxStreams streams are open at once (MaxStreamsPerAddress from one address), "
                + "beyond which the answer is 429. The stream ends when the engine shuts down; the browser's EventSource then reconnects.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return app;
    }

    /// <summary>The board now: the last one read if nothing changed since and it is not due a refresh.</summary>
    public static async Task<Ok<LobbyBoard>> GetBoard(string officeCode, BoardFeeds feeds, CancellationToken cancellationToken) =>
        TypedResults.Ok((await feeds.CurrentAsync(officeCode, cancellationToken)).Board);

    /// <summary>The board's event stream.</summary>
    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> StreamBoard(
        string officeCode,
        HttpContext http,
        ReferenceData reference,
        BoardFeeds feeds,
        BoardStreams streams,
        IHostApplicationLifetime lifetime)
    {
        // Answered here rather than by the exception handler, which writes problems only to clients that accept JSON
        // (an EventSource accepts text/event-stream only).
        if (!reference.Offices.ContainsKey(officeCode))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: ProblemTitles.NotFound, detail: $"Không có cơ quan '{officeCode}'.");
        }

        // Before any work: a refused stream costs a dictionary look-up, not a read.
        using var place = streams.TryEnter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (place is null)
        {
            return TooManyRequests.Problem(http.Response, "Too many lobby board streams are open here or from this address; try again in a minute.");
        }

        using var listener = feeds.Listen(officeCode);

        // Shutdown ends the stream, so that draining does not wait for it; the browser reconnects elsewhere or later.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var response = http.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-transform";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await WriteAsync(response, Retry, stop.Token);
            long sent = 0;
            while (await NextAsync(listener, sent, response, stop.Token) is { } board)
            {
                // The frame is shared by every stream of the office: written as read, never copied.
                await WriteAsync(response, board.Frame, stop.Token);
                sent = board.Number;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The browser left, or the engine is stopping.
        }

        return TypedResults.Empty;
    }

    // The newest board after the one sent, with keep-alive comments while there is none; null when the feed could not
    // read it (it logged why) or stopped, which ends the stream: the browser reconnects.
    private static async Task<BoardVersion?> NextAsync(BoardListener listener, long sent, HttpResponse response, CancellationToken cancellationToken)
    {
        var next = listener.NextAsync(sent);
        while (!next.IsCompleted)
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var keepAlive = Task.Delay(KeepAlive, TimeProvider.System, waiting.Token);
            if (await Task.WhenAny(next, keepAlive) == keepAlive)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await WriteAsync(response, KeepAliveComment, cancellationToken);
            }
            else
            {
                await waiting.CancelAsync();
            }
        }

        return next.IsCompletedSuccessfully ? next.Result : null;
    }

    private static async Task WriteAsync(HttpResponse response, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(bytes, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
