namespace CaseEngine.Domain.Dossiers;

/// <summary>
/// The Vietnamese names of the steps of a dossier's life, as the timeline, the citizen's page and the process control
/// slip show them: one wording everywhere.
/// </summary>
public static class StepNames
{
    private const string NewAppointmentSuffix = " (new appointment)";

    /// <summary>
    /// The name of a history entry's kind: "Created", an action (<see cref="DossierAction"/>), or a deadline event
    /// (<see cref="DeadlineEvent"/>, "… (new appointment)" once the dossier has a new appointment); an unknown kind
    /// is shown as it is.
    /// </summary>
    public static string Vietnamese(string kind)
    {
        if (kind.EndsWith(NewAppointmentSuffix, StringComparison.Ordinal))
        {
            return $"{Vietnamese(kind[..^NewAppointmentSuffix.Length])} (theo lịch hẹn mới)";
        }

        return kind switch
        {
            "Created" => "Hồ sơ được tạo",
            nameof(DossierAction.Receive) => "Tiếp nhận hồ sơ",
            nameof(DossierAction.Refuse) => "Từ chối tiếp nhận",
            nameof(DossierAction.Forward) => "Chuyển bộ phận chuyên môn xử lý",
            nameof(DossierAction.SubmitForSignature) => "Trình lãnh đạo ký",
            nameof(DossierAction.ApproveResult) => "Lãnh đạo đã ký, có kết quả",
            nameof(DossierAction.ReturnResult) => "Đã trả kết quả",
            nameof(DossierAction.RequestSupplement) => "Yêu cầu bổ sung hồ sơ",
            nameof(DossierAction.ResubmitSupplement) => "Đã nộp bổ sung",
            nameof(DossierAction.RequirePayment) => "Yêu cầu nộp phí, lệ phí",
            nameof(DossierAction.ConfirmPayment) => "Đã nộp phí, lệ phí",
            nameof(DossierAction.Withdraw) => "Rút hồ sơ theo yêu cầu",
            nameof(DossierAction.Stop) => "Dừng xử lý",
            nameof(DossierAction.IssueApology) => "Xin lỗi và hẹn lại ngày trả kết quả",
            nameof(DeadlineEvent.NearlyLate) => "Sắp đến hạn trả kết quả",
            nameof(DeadlineEvent.Due) => "Đến hạn trả kết quả",
            nameof(DeadlineEvent.Overdue) => "Quá hạn trả kết quả",
            DossierDecider.RatedStep => "Công dân đánh giá mức độ hài lòng",
            _ => kind,
        };
    }
}
