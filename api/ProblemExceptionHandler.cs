using CaseEngine.Api.Faults;
using CaseEngine.Domain.Dossiers;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CaseEngine.Api;

/// <summary>
/// Maps domain exceptions to RFC 9457 problems: 404 unknown, 409 illegal transition (naming the current status),
/// 409 concurrent change, 422 rule violation, 400 unreadable request (in Vietnamese: see <see cref="RequestProblems"/>), and 503 with Retry-After for any failure of the
/// database, the grain storage or the cluster, however deeply Orleans wrapped it (counted in the <see cref="FaultLog"/>,
/// not logged per request). Anything else is left to the default 500 handling.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, FaultLog faults, CaseEngine.Silo.ClusterChanges changes) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait before retrying after a 503.</summary>
    public const string RetryAfterSeconds = "2";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var fault = exception is RuleViolationException or IllegalTransitionException or NotFoundException or ConcurrencyConflictException
            ? null
            : ServiceFault.Of(exception);
        var (status, title) = exception switch
        {
            _ when fault is not null => (StatusCodes.Status503ServiceUnavailable, ProblemTitles.Unavailable),
            NotFoundException => (StatusCodes.Status404NotFound, ProblemTitles.NotFound),
            IllegalTransitionException => (StatusCodes.Status409Conflict, ProblemTitles.IllegalTransition),
            ConcurrencyConflictException => (StatusCodes.Status409Conflict, ProblemTitles.ConcurrentChange),
            RuleViolationException => (StatusCodes.Status422UnprocessableEntity, ProblemTitles.RuleViolation),
            BadHttpRequestException bad => (bad.StatusCode, ProblemTitles.BadRequest),
            _ => (0, string.Empty),
        };
        if (status == 0)
        {
            return false;
        }

        var problem = exception is BadHttpRequestException unreadable
            ? RequestProblems.Of(unreadable, httpContext)
            : new ProblemDetails { Status = status, Title = title, Detail = exception.Message };
        if (exception is IllegalTransitionException illegal)
        {
            problem.Extensions["currentStatus"] = illegal.Current.ToString();
            problem.Extensions["dossierCode"] = illegal.DossierCode;
        }

        if (fault is not null)
        {
            // The cluster is changing (a silo died or is stopping) or the database is away: the request may be retried.
            problem.Detail = fault.Kind == FaultKind.Cluster
                ? "Hệ thống đang thay đổi (một máy chủ vừa dừng hoặc trả lời chậm); yêu cầu có thể đã hoặc chưa được thực hiện. Hãy xem lại hồ sơ rồi thử lại sau ít giây."
                : "Cơ sở dữ liệu tạm thời không phục vụ được; yêu cầu có thể đã hoặc chưa được thực hiện. Hãy xem lại hồ sơ rồi thử lại sau ít giây.";
            problem.Extensions["fault"] = fault.Kind.ToString();
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
            faults.Report(fault);
            if (fault.Kind == FaultKind.Cluster)
            {
                changes.Report();
            }
        }

        httpContext.Response.StatusCode = status;
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception }))
        {
            // A client that accepts no JSON (an EventSource, say) still gets the problem rather than a bare 500.
            await httpContext.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
        }

        return true;
    }
}
