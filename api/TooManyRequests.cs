using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseEngine.Api;

/// <summary>
/// The engine's 429 answers, as RFC 9457 problems with Retry-After: the rate limiter's refusals, whichever policy
/// refused, and the lobby board streams' limits on how many may be open. Written as JSON even to a client that accepts
/// only <c>text/event-stream</c> (an EventSource), which the problem details service alone would leave without a body.
/// </summary>
internal static class TooManyRequests
{
    // Every limit counts per minute: a minute is when a refused client may be sure to get through.
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>A 429 problem with <paramref name="detail"/>; sets Retry-After on <paramref name="response"/>.</summary>
    public static ProblemHttpResult Problem(HttpResponse response, string detail, TimeSpan? retryAfter = null)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling((retryAfter ?? DefaultRetryAfter).TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: ProblemTitles.TooManyRequests, detail: detail);
    }

    /// <summary>
    /// The rate limiter's <see cref="RateLimiterOptions.OnRejected"/>, shared by all policies: <paramref name="detail"/>
    /// says which limit was reached, given the name of the policy that refused (null for none, such as a global limiter).
    /// </summary>
    public static Func<OnRejectedContext, CancellationToken, ValueTask> OnRejected(Func<string?, HttpContext, string> detail) =>
        async (context, _) =>
        {
            var http = context.HttpContext;
            var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
            TimeSpan? retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null;
            await Problem(http.Response, detail(policy, http), retryAfter).ExecuteAsync(http);
        };
}
