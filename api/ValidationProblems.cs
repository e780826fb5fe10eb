using CaseEngine.Domain.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseEngine.Api;

/// <summary>Field errors found by the domain's checks, answered as one RFC 9457 validation problem (400).</summary>
internal static class ValidationProblems
{
    /// <summary>The problem's title.</summary>
    public const string Title = "Thông tin nhập chưa hợp lệ";

    /// <summary>The problem's detail, before the messages of its fields.</summary>
    public const string Detail = "Thông tin nhập chưa hợp lệ: hãy sửa những chỗ được chỉ ra rồi gửi lại.";

    /// <summary>The problem, each field keyed as the request named it.</summary>
    public static ValidationProblem Problem(this FieldErrors errors) => errors.Problem(field => field);

    /// <summary>The problem with each field named as <paramref name="rename"/> says (a portal's own names).</summary>
    public static ValidationProblem Problem(this FieldErrors errors, Func<string, string> rename) =>
        TypedResults.ValidationProblem(errors.ToDictionary(rename), detail: Detail, title: Title);

    /// <summary>A problem of one field.</summary>
    public static ValidationProblem Of(string field, string message) => new FieldErrors().Add(field, message).Problem();
}
