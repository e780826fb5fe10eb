using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace CaseEngine.Api;

/// <summary>What a request's value is expected to be, as the messages of refused requests say it ("phải là một số nguyên").</summary>
internal static class Expected
{
    /// <summary>A JSON string.</summary>
    public const string Text = "phải là một chuỗi ký tự";

    /// <summary>A whole number.</summary>
    public const string Integer = "phải là một số nguyên";

    /// <summary>A number.</summary>
    public const string Number = "phải là một số";

    /// <summary>true or false.</summary>
    public const string Boolean = "phải là true hoặc false";

    /// <summary>A JSON object.</summary>
    public const string Object = "phải là một đối tượng JSON";

    /// <summary>A JSON array.</summary>
    public const string Array = "phải là một mảng JSON";

    /// <summary>A day.</summary>
    public const string Day = "phải là một ngày viết theo dạng yyyy-MM-dd";

    /// <summary>An instant.</summary>
    public const string Instant = "phải là một thời điểm viết theo ISO 8601, ví dụ 2022-09-20T10:00:00+07:00";

    /// <summary>Anything else that does not fit.</summary>
    public const string RightKind = "có giá trị không đúng kiểu";

    private static readonly HashSet<Type> Integers =
        [typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong)];

    /// <summary>What a value of <paramref name="type"/> must be; <paramref name="kind"/> tells objects, dictionaries and arrays apart.</summary>
    public static string Of(Type type, JsonTypeInfoKind kind = JsonTypeInfoKind.None)
    {
        var value = Nullable.GetUnderlyingType(type) ?? type;
        return value switch
        {
            _ when value == typeof(string) || value == typeof(char) => Text,
            { IsEnum: true } => $"phải là một trong các giá trị {string.Join(", ", Enum.GetNames(value))}",
            _ when value == typeof(bool) => Boolean,
            _ when Integers.Contains(value) => Integer,
            _ when value == typeof(double) || value == typeof(float) || value == typeof(decimal) => Number,
            _ when value == typeof(DateOnly) => Day,
            _ when value == typeof(DateTimeOffset) || value == typeof(DateTime) => Instant,
            _ => kind switch
            {
                JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => Object,
                JsonTypeInfoKind.Enumerable => Array,
                _ => RightKind,
            },
        };
    }
}

/// <summary>
/// Requests the framework could not read, as RFC 9457 problems in Vietnamese rather than the serializer's or the
/// framework's English: a body that is not JSON, a value of the wrong type (keyed by its JSON path without
/// <c>$.</c>, saying what it must be), a property given twice, no body at all, a query or route parameter that does
/// not parse, a body too large. What the request gave is not echoed back.
/// </summary>
internal static partial class RequestProblems
{
    /// <summary>The error key of a problem of the whole body.</summary>
    public const string BodyKey = "body";

    /// <summary>A problem of the whole body: "Nội dung yêu cầu phải là một đối tượng JSON."</summary>
    public static string Body(string expected) => $"Nội dung yêu cầu {expected}.";

    /// <summary>A problem of one field: "Trường applicant.fullName phải là một chuỗi ký tự."</summary>
    public static string Field(string key, string expected) => $"Trường {key} {expected}.";

    /// <summary>
    /// Says in Vietnamese why a JSON endpoint refused the body's media type (415, written by the status code pages with
    /// no detail of their own).
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is { Status: StatusCodes.Status415UnsupportedMediaType, Detail: null } problem)
        {
            problem.Detail = "Nội dung yêu cầu phải là JSON, gửi với Content-Type: application/json.";
        }

        // The framework's own problems carry the status's English reason phrase as their title.
        if (context.ProblemDetails is { Status: { } status } framework
            && (framework.Title is null || framework.Title == Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status)))
        {
            framework.Title = ProblemTitles.ForStatus(status);
        }

        if (context.ProblemDetails is { Status: StatusCodes.Status404NotFound, Detail: null } unknown)
        {
            unknown.Detail = $"Không có địa chỉ {context.HttpContext.Request.Path}.";
        }
    }

    /// <summary>The problem answering <paramref name="bad"/>, with its status.</summary>
    public static ProblemDetails Of(BadHttpRequestException bad, HttpContext http)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = ProblemTitles.TooLarge,
                Detail = $"Nội dung yêu cầu quá lớn: tối đa {Limits.MaxRequestBodyBytes / 1024} KB.",
            };
        }

        // The exception handler clears the endpoint before handlers run, and keeps it in its feature.
        var endpoint = http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint();
        var bodyType = endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;
        var (key, message) = bad.InnerException switch
        {
            // The reader's own exception inside the serializer's: the text is not JSON.
            JsonException { InnerException: JsonException } json => (BodyKey, NotJson(json)),
            JsonException json => Unfit(json, bodyType, http),
            _ when BindingFailed().Match(bad.Message) is { Success: true } failed => Parameter(failed.Groups["name"].Value, endpoint),
            _ when bodyType is not null => (BodyKey, NoBody(http.Request) ? "Yêu cầu chưa có nội dung: cần một đối tượng JSON." : Body(Expected.Object)),
            _ => (null, null),
        };
        if (key is null || message is null)
        {
            return new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = ProblemTitles.BadRequest,
                Detail = "Yêu cầu không đọc được: hãy kiểm tra các tham số và nội dung của nó rồi gửi lại.",
            };
        }

        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [key] = [message] })
        {
            Status = bad.StatusCode,
            Title = ValidationProblems.Title,
            Detail = key == BodyKey ? message : ValidationProblems.Detail,
        };
    }

    // Line and position count from 1 for people; the serializer counts from 0.
    private static string NotJson(JsonException json) => json.LineNumber is { } line && json.BytePositionInLine is { } position
        ? $"Nội dung yêu cầu không phải JSON hợp lệ (lỗi ở dòng {line + 1}, vị trí {position + 1})."
        : "Nội dung yêu cầu không phải JSON hợp lệ.";

    private static (string Key, string Message) Unfit(JsonException json, Type? bodyType, HttpContext http)
    {
        var path = JsonPath.Parse(json.Path);
        var key = path is null or [] ? BodyKey : JsonPath.Key(path);
        string Say(string expected) => key == BodyKey ? Body(expected) : Field(key, expected);

        // The serializer ends the message of a value it could not convert with where it was; its other refusals of a
        // readable body (with the engine's request types and AllowDuplicateProperties off) are properties given twice.
        if (json.Message.EndsWith($" Path: {json.Path} | LineNumber: {json.LineNumber} | BytePositionInLine: {json.BytePositionInLine}.", StringComparison.Ordinal))
        {
            var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            return (key, Say(bodyType is null || path is null ? Expected.RightKind : ExpectedAt(options, bodyType, path)));
        }

        if (json.Message.StartsWith("Duplicate propert", StringComparison.Ordinal))
        {
            return (key, key == BodyKey
                ? "Nội dung yêu cầu có một trường được ghi hơn một lần; mỗi trường chỉ được ghi một lần."
                : $"Trường {key} được ghi hơn một lần; mỗi trường chỉ được ghi một lần.");
        }

        return (key, Say("có giá trị không đọc được"));
    }

    // What the serializer expects at the path in the body type, from its own contract of that type.
    private static string ExpectedAt(JsonSerializerOptions options, Type bodyType, IReadOnlyList<object> path)
    {
        var info = options.GetTypeInfo(bodyType);
        var comparison = options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var segment in path)
        {
            Type? next = (info.Kind, segment) switch
            {
                (JsonTypeInfoKind.Object, string name) => info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, comparison))?.PropertyType,
                (JsonTypeInfoKind.Dictionary, string) or (JsonTypeInfoKind.Enumerable, int) => info.ElementType,
                _ => null,
            };
            if (next is null)
            {
                return Expected.RightKind;
            }

            info = options.GetTypeInfo(next);
        }

        return Expected.Of(info.Type, info.Kind);
    }

    private static (string Key, string Message) Parameter(string name, Endpoint? endpoint)
    {
        var type = endpoint?.Metadata.GetMetadata<MethodInfo>()?.GetParameters().FirstOrDefault(p => p.Name == name)?.ParameterType;
        return (name, $"Tham số {name} {(type is null ? Expected.RightKind : Expected.Of(type))}.");
    }

    private static bool NoBody(HttpRequest request) =>
        request.ContentLength is 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0);

    // The framework's refusal of a query, route or header value that does not parse names the parameter.
    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ "]+)" from ".*"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindingFailed();

    /// <summary>The serializer's JSON paths (<c>$.applicant.fullName</c>, <c>$.form['a b']</c>, <c>$.items[0]</c>).</summary>
    private static class JsonPath
    {
        /// <summary>The path's property names (strings) and array indexes (ints); null when it cannot be read.</summary>
        public static List<object>? Parse(string? path)
        {
            if (path is null || !path.StartsWith('$'))
            {
                return null;
            }

            var segments = new List<object>();
            var at = 1;
            while (at < path.Length)
            {
                if (path[at] == '.')
                {
                    var end = path.IndexOfAny(['.', '['], at + 1);
                    end = end < 0 ? path.Length : end;
                    segments.Add(path[(at + 1)..end]);
                    at = end;
                }
                else if (path.AsSpan(at).StartsWith("['"))
                {
                    var end = path.IndexOf("']", at + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        return null;
                    }

                    segments.Add(path[(at + 2)..end]);
                    at = end + 2;
                }
                else if (path[at] == '[')
                {
                    var end = path.IndexOf(']', at + 1);
                    if (end < 0 || !int.TryParse(path.AsSpan(at + 1, end - at - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    {
                        return null;
                    }

                    segments.Add(index);
                    at = end + 1;
                }
                else
                {
                    return null;
                }
            }

            return segments;
        }

        /// <summary>The error key of a path: its names joined with dots, indexes in brackets (<c>form.a b</c>, <c>items[0]</c>).</summary>
        public static string Key(IReadOnlyList<object> path)
        {
            var key = new StringBuilder();
            foreach (var segment in path)
            {
                if (segment is int index)
                {
                    key.Append(CultureInfo.InvariantCulture, $"[{index}]");
                }
                else
                {
                    key.Append(key.Length == 0 ? "" : ".").Append(segment);
                }
            }

            return key.ToString();
        }
    }
}
