namespace CaseEngine.Domain.Dossiers;

/// <summary>
/// Where a dossier is in its life. Each status maps to a national status code 1–10. Stored state and the read side
/// keep the numbers: never renumber.
/// </summary>
public enum DossierStatus
{
    /// <summary>Not created yet.</summary>
    None = 0,

    /// <summary>Entered by a volunteer or submitted online, awaiting acceptance at the counter (national code 1).</summary>
    Draft = 1,

    /// <summary>Received at the counter; the clock runs (2).</summary>
    Received = 2,

    /// <summary>Refused at reception, with a reason (form 03) (3).</summary>
    RefusedAtReception = 3,

    /// <summary>Forwarded to the specialist department, being processed (4).</summary>
    InProcessing = 4,

    /// <summary>Submitted to the leader for signature (4).</summary>
    AwaitingSignature = 5,

    /// <summary>Supplement requested from the citizen (form 02); the clock is paused (5).</summary>
    SupplementRequested = 6,

    /// <summary>Fee or tax payment required; the clock is paused (6).</summary>
    PaymentRequired = 7,

    /// <summary>Withdrawn at the citizen's request (7).</summary>
    Withdrawn = 8,

    /// <summary>Processing stopped (8).</summary>
    Stopped = 9,

    /// <summary>Result signed and ready; the clock stops (9).</summary>
    ResultReady = 10,

    /// <summary>Result handed back to the citizen (10).</summary>
    Returned = 11,
}

/// <summary>Facts about statuses.</summary>
public static class DossierStatuses
{
    /// <summary>The national status code (1–10) of docs/domain.md §5.</summary>
    public static int NationalCode(this DossierStatus status) => status switch
    {
        DossierStatus.Draft => 1,
        DossierStatus.Received => 2,
        DossierStatus.RefusedAtReception => 3,
        DossierStatus.InProcessing or DossierStatus.AwaitingSignature => 4,
        DossierStatus.SupplementRequested => 5,
        DossierStatus.PaymentRequired => 6,
        DossierStatus.Withdrawn => 7,
        DossierStatus.Stopped => 8,
        DossierStatus.ResultReady => 9,
        DossierStatus.Returned => 10,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "A dossier that does not exist has no national status."),
    };

    /// <summary>The national status name in Vietnamese.</summary>
    public static string VietnameseName(this DossierStatus status) => status switch
    {
        DossierStatus.Draft => "Mới đăng ký",
        DossierStatus.Received => "Được tiếp nhận",
        DossierStatus.RefusedAtReception => "Không được tiếp nhận",
        DossierStatus.InProcessing => "Đang xử lý",
        DossierStatus.AwaitingSignature => "Đang xử lý (trình ký)",
        DossierStatus.SupplementRequested => "Yêu cầu bổ sung",
        DossierStatus.PaymentRequired => "Yêu cầu thực hiện nghĩa vụ tài chính",
        DossierStatus.Withdrawn => "Công dân yêu cầu rút hồ sơ",
        DossierStatus.Stopped => "Dừng xử lý",
        DossierStatus.ResultReady => "Đã xử lý xong",
        DossierStatus.Returned => "Đã trả kết quả",
        _ => "Chưa tạo",
    };

    /// <summary>Whether the working-time clock runs in this status.</summary>
    public static bool ClockRuns(this DossierStatus status) =>
        status is DossierStatus.Received or DossierStatus.InProcessing or DossierStatus.AwaitingSignature;

    /// <summary>Whether the clock is paused waiting for the citizen.</summary>
    public static bool IsPaused(this DossierStatus status) =>
        status is DossierStatus.SupplementRequested or DossierStatus.PaymentRequired;

    /// <summary>Whether the dossier has been received and is not finished: it counts on the office's board.</summary>
    public static bool IsOpen(this DossierStatus status) => status.ClockRuns() || status.IsPaused();
}
