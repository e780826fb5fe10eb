using Microsoft.AspNetCore.Mvc;

namespace CaseEngine.Api;

/// <summary>
/// Refuses a request whose framing means two things: both <c>Transfer-Encoding</c> and <c>Content-Length</c>
/// (RFC 9112 §6.3 lets a server treat it as an error; a proxy in front may have read the body the other way, which
/// is how requests are smuggled). The answer is a 400 problem and the connection is closed after it, since where
/// this request ends on the connection is unsure.
/// </summary>
internal sealed class RequestFraming(IProblemDetailsService problems) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        // Kestrel reads such a body by Transfer-Encoding alone and moves the Content-Length it was sent to
        // X-Content-Length, where this finds it.
        var headers = context.Request.Headers;
        if (headers.TransferEncoding.Count == 0 || (headers.ContentLength is null && !headers.ContainsKey("X-Content-Length")))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.Headers.Connection = "close";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = ProblemTitles.BadRequest,
                Detail = "Yêu cầu có cả Transfer-Encoding và Content-Length nên không rõ nội dung kết thúc ở đâu; hãy gửi chỉ một trong hai.",
            },
        });
    }
}
