using System.Text;
using System.Text.Json;
using CaseEngine.Api.Board;
using CaseEngine.Domain.Reference;
using CaseEngine.ReadSide;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CaseEngine.Api.Apis;

/// <summary>
/// The lobby board of an office, public and anonymous: as JSON, and as a stream of server-sent events that sends the
/// board again whenever the office's dossiers change (and every minute of engine time, for the countdowns).
/// </summary>
public static class BoardApi
{
    // Proxies and browsers drop a silent connection after a while: a comment line keeps it open.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(20);

    /// <summary>Registers the boards, the stream limits (<c>CaseEngine:Board</c>) and their checks.</summary>
    public static IServiceCollection AddLobbyBoards(this IServiceCollection services)
    {
        services.AddOptions<BoardOptions>().BindConfiguration(BoardOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BoardStreams>();
        services.AddSingleton<LobbyBoards>();
        return services;
    }

    /// <summary>Maps <c>/api/public/offices/{officeCode}/board</c> and <c>…/board/events</c>.</summary>
    public static IEndpointRouteBuilder MapBoardApi(this IEndpointRouteBuilder app)
    {
        var board = app.MapGroup("/api/public/offices/{officeCode}/board").WithTags("Public pages").AllowAnonymous()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        board.MapGet("/", GetBoard)
            .RequireRateLimiting(PublicApi.RateLimitPolicy)
            .WithName("GetLobbyBoard")
            .WithSummary("The office's lobby board: open dossiers (codes only), status, due time, working time left and bucket; results ready to collect")
            .WithDescription("Read from the read side, without activating dossiers. No personal data.");
        board.MapGet("/events", StreamBoard)
            .WithName("StreamLobbyBoard")
            .WithSummary("The lobby board as server-sent events: event 'board' with the board's JSON at once and after every change")
            .WithDescription("Not counted against the public per-minute limit; instead at most CaseEngine:Board:MaxStreams streams are open at once "
                + "(MaxStreamsPerAddress from one address), beyond which the answer is 429. The stream ends when the engine shuts down; "
                + "the browser's EventSource then reconnects.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return app;
    }

    /// <summary>The board now.</summary>
    public static async Task<Ok<LobbyBoard>> GetBoard(string officeCode, LobbyBoards boards, CancellationToken cancellationToken) =>
        TypedResults.Ok(await boards.ReadAsync(officeCode, cancellationToken));

    /// <summary>The board's event stream.</summary>
    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> StreamBoard(
        string officeCode,
        HttpContext http,
        ReferenceData reference,
        LobbyBoards boards,
        DossierChanges changes,
        BoardStreams streams,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        // Answered here rather than by the exception handler, which writes problems only to clients that accept JSON
        // (an EventSource accepts text/event-stream only).
        if (!reference.Offices.ContainsKey(officeCode))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Office '{officeCode}' does not exist.");
        }

        // Listening starts before the first read, so no change falls between the two.
        using var subscription = changes.Subscribe(officeCode);
        var board = await boards.ReadAsync(officeCode, http.RequestAborted);
        using var place = streams.TryEnter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (place is null)
        {
            http.Response.Headers.RetryAfter = "60";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests",
                detail: "Too many lobby board streams are open here or from this address; try again in a minute.");
        }

        // Shutdown ends the stream, so that draining does not wait for it; the browser reconnects elsewhere or later.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var response = http.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-transform";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await WriteAsync(response, "retry: 3000\n\n", stop.Token);
            while (true)
            {
                await WriteAsync(response, $"event: board\ndata: {JsonSerializer.Serialize(board, json.Value.SerializerOptions)}\n\n", stop.Token);
                await WaitAsync(subscription, boards.RefreshAt(board), time, response, stop.Token);
                board = await boards.ReadAsync(officeCode, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The browser left, or the engine is stopping.
        }

        return TypedResults.Empty;
    }

    // Until the office's dossiers change or the board is due a refresh (engine time), with keep-alive comments.
    private static async Task WaitAsync(
        IDossierChangeSubscription subscription, DateTimeOffset refreshAt, TimeProvider time, HttpResponse response, CancellationToken cancellationToken)
    {
        while (true)
        {
            var untilRefresh = refreshAt - time.GetUtcNow();
            if (untilRefresh <= TimeSpan.Zero)
            {
                return;
            }

            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var change = subscription.WaitAsync(waiting.Token);
            var refresh = Task.Delay(untilRefresh, time, waiting.Token);
            var keepAlive = Task.Delay(KeepAlive, TimeProvider.System, waiting.Token);
            var first = await Task.WhenAny(change, refresh, keepAlive);
            await waiting.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            if (first != keepAlive)
            {
                return;
            }

            await WriteAsync(response, ": keep-alive\n\n", cancellationToken);
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
