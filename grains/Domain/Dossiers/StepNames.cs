namespace CaseEngine.Domain.Dossiers;

/// <summary>
/// The Vietnamese words of the steps of a dossier's life, one table for all: the name a step has once taken, as the
/// timeline, the citizen's page and the process control slip show it, and the label of the button that takes it.
/// </summary>
public static class StepNames
{
    // Each step: what the history says once it is taken, and what the button that takes it says.
    private static readonly Dictionary<DossierAction, (string Taken, string Button)> Actions = new()
    {
        [DossierAction.Receive] = ("Tiếp nhận hồ sơ", "Tiếp nhận"),
        [DossierAction.Refuse] = ("Từ chối tiếp nhận", "Từ chối tiếp nhận (mẫu 03)"),
        [DossierAction.Forward] = ("Chuyển bộ phận chuyên môn xử lý", "Chuyển xử lý"),
        [DossierAction.SubmitForSignature] = ("Trình lãnh đạo ký", "Trình ký"),
        [DossierAction.ApproveResult] = ("Lãnh đạo đã ký, có kết quả", "Ký duyệt kết quả"),
        [DossierAction.ReturnResult] = ("Đã trả kết quả", "Trả kết quả"),
        [DossierAction.RequestSupplement] = ("Yêu cầu bổ sung hồ sơ", "Yêu cầu bổ sung (mẫu 02)"),
        [DossierAction.ResubmitSupplement] = ("Đã nộp bổ sung", "Nhận hồ sơ bổ sung"),
        [DossierAction.RequirePayment] = ("Yêu cầu nộp phí, lệ phí", "Yêu cầu nộp phí, lệ phí"),
        [DossierAction.ConfirmPayment] = ("Đã nộp phí, lệ phí", "Đã nộp phí, lệ phí"),
        [DossierAction.Withdraw] = ("Rút hồ sơ theo yêu cầu", "Công dân rút hồ sơ"),
        [DossierAction.Stop] = ("Dừng xử lý", "Dừng xử lý"),
        [DossierAction.IssueApology] = ("Xin lỗi và hẹn lại ngày trả kết quả", "Xin lỗi, hẹn lại (mẫu 04)"),
    };

    private static readonly Dictionary<DeadlineEvent, string> Deadlines = new()
    {
        [DeadlineEvent.NearlyLate] = "Sắp đến hạn trả kết quả",
        [DeadlineEvent.Due] = "Đến hạn trả kết quả",
        [DeadlineEvent.Overdue] = "Quá hạn trả kết quả",
    };

    /// <summary>The name of a step of <paramref name="kind"/>, as the history shows it once taken.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is no kind (the zero value).</exception>
    public static string Vietnamese(StepKind kind) => kind switch
    {
        { Type: StepType.Created } => "Hồ sơ được tạo",
        { Action: { } action } => Actions[action].Taken,
        { Deadline: { } deadline, NewAppointment: false } => Deadlines[deadline],
        { Deadline: { } deadline, NewAppointment: true } => $"{Deadlines[deadline]} (theo lịch hẹn mới)",
        { Type: StepType.Rated } => "Công dân đánh giá mức độ hài lòng",
        { Type: StepType.Revised } => "Điều chỉnh hạn giải quyết theo lịch làm việc mới",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A step without a kind has no name."),
    };

    /// <summary>The label of the button that takes <paramref name="action"/>.</summary>
    public static string Button(DossierAction action) => Actions[action].Button;
}
