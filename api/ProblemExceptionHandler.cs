using CaseEngine.Domain.Dossiers;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace CaseEngine.Api;

/// <summary>
/// Maps domain exceptions to RFC 9457 problems: 404 unknown, 409 illegal transition (naming the current status),
/// 409 concurrent change, 422 rule violation, 400 unreadable request, 503 cluster or database unavailable (retry).
/// Anything else is left to the default 500 handling.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            NotFoundException => (StatusCodes.Status404NotFound, "Not found"),
            IllegalTransitionException => (StatusCodes.Status409Conflict, "Illegal transition"),
            ConcurrencyConflictException => (StatusCodes.Status409Conflict, "Concurrent change"),
            RuleViolationException => (StatusCodes.Status422UnprocessableEntity, "Rule violation"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or NpgsqlException
                => (StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable"),
            _ => (0, string.Empty),
        };
        if (status == 0)
        {
            return false;
        }

        var detail = exception is BadHttpRequestException { InnerException: { } inner } ? $"{exception.Message} {inner.Message}" : exception.Message;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (exception is IllegalTransitionException illegal)
        {
            problem.Extensions["currentStatus"] = illegal.Current.ToString();
            problem.Extensions["dossierCode"] = illegal.DossierCode;
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            // The cluster is changing (a silo died or is stopping) or the database is away: the request may be retried.
            problem.Detail = "The engine could not complete the request in time; it may or may not have been applied. Read the dossier, then retry.";
            httpContext.Response.Headers.RetryAfter = "2";
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
