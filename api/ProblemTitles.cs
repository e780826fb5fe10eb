namespace CaseEngine.Api;

/// <summary>The titles of the API's problems, in Vietnamese for the people who read them; one home for each.</summary>
public static class ProblemTitles
{
    /// <summary>400: the request cannot be read.</summary>
    public const string BadRequest = "Yêu cầu không hợp lệ";

    /// <summary>403: not allowed.</summary>
    public const string Forbidden = "Không được phép";

    /// <summary>404: nothing by that name.</summary>
    public const string NotFound = "Không tìm thấy";

    /// <summary>409: the step is not allowed in the dossier's status.</summary>
    public const string IllegalTransition = "Bước không hợp lệ ở trạng thái này";

    /// <summary>409: the dossier changed meanwhile.</summary>
    public const string ConcurrentChange = "Hồ sơ vừa được thay đổi";

    /// <summary>409: the dossier has no such slip.</summary>
    public const string NoSuchSlip = "Hồ sơ không có phiếu này";

    /// <summary>413: the body is too large.</summary>
    public const string TooLarge = "Nội dung yêu cầu quá lớn";

    /// <summary>422: a rule forbids the step.</summary>
    public const string RuleViolation = "Trái quy định";

    /// <summary>429: too many requests.</summary>
    public const string TooManyRequests = "Quá nhiều yêu cầu";

    /// <summary>503: the engine cannot serve for now.</summary>
    public const string Unavailable = "Tạm thời chưa phục vụ được";

    /// <summary>503: this server is stopping.</summary>
    public const string ShuttingDown = "Máy chủ đang dừng";

    /// <summary>The title of a problem the framework writes with only its status (an unknown address, a method the address does not take …).</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => "Chưa xác thực",
        403 => Forbidden,
        404 => NotFound,
        405 => "Địa chỉ này không nhận phương thức này",
        406 => "Không có định dạng trả lời được yêu cầu",
        409 => "Xung đột",
        413 => TooLarge,
        415 => "Định dạng nội dung không được hỗ trợ",
        422 => RuleViolation,
        429 => TooManyRequests,
        503 => Unavailable,
        _ => "Lỗi",
    };
}
