using Microsoft.AspNetCore.Mvc;

namespace CaseEngine.Api;

/// <summary>
/// Graceful shutdown. The web server stops after the silo (hosted services stop in reverse order), so on its own it
/// would let requests in flight meet a stopped silo. This service is registered after the silo and so stops before
/// it: from the stop signal on, new requests get 503 with Retry-After and readiness turns unhealthy, and stopping
/// waits (within the host's shutdown timeout) until every request already in flight has answered.
/// </summary>
internal sealed partial class Draining(ILogger<Draining> logger) : IHostedService, IMiddleware
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private volatile bool _stopping;

    /// <summary>Whether shutdown has begun.</summary>
    public bool Stopping => _stopping;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            if (_stopping && !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "2";
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status503ServiceUnavailable,
                        Title = "Shutting down",
                        Detail = "This engine instance is stopping; nothing was done. Retry, on another instance if there is one.",
                    },
                });
                return;
            }

            await next(context);
        }
        finally
        {
            if (Interlocked.Decrement(ref _inFlight) == 0 && _stopping)
            {
                _drained.TrySetResult();
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var waiting = Volatile.Read(ref _inFlight);
        LogDraining(waiting);
        if (waiting == 0)
        {
            return;
        }

        try
        {
            await _drained.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogDrainTimedOut(Volatile.Read(ref _inFlight));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: waiting for {Count} request(s) in flight")]
    private partial void LogDraining(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown timeout reached with {Count} request(s) still in flight")]
    private partial void LogDrainTimedOut(int count);
}
