using Microsoft.AspNetCore.Mvc;

namespace CaseEngine.Api;

/// <summary>
/// Graceful shutdown, in the host's stopping phase, before any hosted service stops. The web application builder
/// registers the web server last, so on its own the web server would stop first: stop listening and close kept-alive
/// connections while clients still send on them. Instead, from the stop signal on, new requests get 503 with
/// Retry-After, every response closes its connection, and readiness turns unhealthy; once every request already in
/// flight has answered (within the host's shutdown timeout), the silo leaves the cluster while the web server still
/// answers 503; only then does the web server stop, with nothing left in flight.
/// </summary>
internal sealed partial class Draining(IServiceProvider services, ILogger<Draining> logger) : IHostedLifecycleService, IMiddleware
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private volatile bool _stopping;
    private int _stopCalls;

    /// <summary>Whether shutdown has begun.</summary>
    public bool Stopping => _stopping;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        // Clients must not send another request on a connection the web server is about to close.
        context.Response.OnStarting(() =>
        {
            if (_stopping)
            {
                context.Response.Headers.Connection = "close";
            }

            return Task.CompletedTask;
        });

        // Counted before looking at the flag, so that shutdown either sees this request or this request sees shutdown.
        Interlocked.Increment(ref _inFlight);
        if (_stopping && !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
        {
            // Turned away, so not waited for: under steady traffic the count would otherwise never reach zero.
            Leave();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = ProblemExceptionHandler.RetryAfterSeconds;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = ProblemTitles.ShuttingDown,
                    Detail = "Máy chủ này đang dừng; chưa có gì được thực hiện. Hãy thử lại, trên máy chủ khác nếu có.",
                },
            });
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            Leave();
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // The host may be asked to stop twice (a signal, then its disposal); the silo is stopped once.
        if (Interlocked.Exchange(ref _stopCalls, 1) == 1)
        {
            return;
        }

        _stopping = true;
        Interlocked.MemoryBarrier();
        var waiting = Volatile.Read(ref _inFlight);
        LogDraining(waiting);
        if (waiting > 0)
        {
            try
            {
                await _drained.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                LogDrainTimedOut(Volatile.Read(ref _inFlight));
            }
        }

        // The silo's own hosted service finds it stopped and returns.
        if (services.GetService<Orleans.Runtime.Silo>() is { } silo)
        {
            await silo.StopAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Leave()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && _stopping)
        {
            _drained.TrySetResult();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: waiting for {Count} request(s) in flight")]
    private partial void LogDraining(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown timeout reached with {Count} request(s) still in flight")]
    private partial void LogDrainTimedOut(int count);
}
