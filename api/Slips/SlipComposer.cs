using System.Globalization;
using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Wording;

namespace CaseEngine.Api.Slips;

/// <summary>The slips a one-stop office prints for a dossier (forms of Circular 01/2018/TT-VPCP).</summary>
public enum SlipKind
{
    /// <summary>Receipt and appointment (giấy tiếp nhận hồ sơ và hẹn trả kết quả, form 01), for dossiers that are not fast-track.</summary>
    Receipt,

    /// <summary>Supplement request (phiếu yêu cầu bổ sung, hoàn thiện hồ sơ, form 02).</summary>
    SupplementRequest,

    /// <summary>Refusal at reception (phiếu từ chối tiếp nhận giải quyết hồ sơ, form 03).</summary>
    Refusal,

    /// <summary>Apology and new appointment (phiếu xin lỗi và hẹn lại ngày trả kết quả, form 04).</summary>
    Apology,

    /// <summary>Process control slip (phiếu kiểm soát quá trình giải quyết hồ sơ, form 05).</summary>
    ProcessControl,
}

/// <summary>Everything a slip shows: the dossier, its history, its office and procedure, and its status page.</summary>
/// <param name="Dossier">The dossier.</param>
/// <param name="History">Its history.</param>
/// <param name="Office">Its office.</param>
/// <param name="Procedure">Its procedure.</param>
/// <param name="StatusPage">Where its QR code leads: the citizen's status page.</param>
/// <param name="PrintedAt">When the slip is printed (office time).</param>
public sealed record SlipSource(
    DossierView Dossier, IReadOnlyList<HistoryEntry> History, Office Office, Procedure Procedure, Uri StatusPage, DateTimeOffset PrintedAt);

/// <summary>Which slips a dossier has, and each slip as a PDF.</summary>
public static class SlipComposer
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>The name of <paramref name="kind"/> in URLs: receipt, supplement-request, refusal, apology, process-control.</summary>
    public static string Slug(this SlipKind kind) => kind switch
    {
        SlipKind.Receipt => "receipt",
        SlipKind.SupplementRequest => "supplement-request",
        SlipKind.Refusal => "refusal",
        SlipKind.Apology => "apology",
        SlipKind.ProcessControl => "process-control",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The slip named <paramref name="slug"/>, if any.</summary>
    public static SlipKind? FromSlug(string slug) =>
        Enum.GetValues<SlipKind>().Cast<SlipKind?>().FirstOrDefault(kind => kind!.Value.Slug() == slug);

    /// <summary>The slip's title in Vietnamese.</summary>
    public static string Title(this SlipKind kind) => kind switch
    {
        SlipKind.Receipt => "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        SlipKind.SupplementRequest => "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        SlipKind.Refusal => "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
        SlipKind.Apology => "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        SlipKind.ProcessControl => "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The official form number.</summary>
    public static string FormNumber(this SlipKind kind) => $"Mẫu số {(int)kind + 1:00}";

    /// <summary>Why the dossier has no such slip, or null when it has one.</summary>
    public static string? Unavailable(SlipKind kind, DossierView dossier, IReadOnlyList<HistoryEntry> history) => kind switch
    {
        SlipKind.Receipt when dossier.Sla is null => "The dossier has not been received, so it has no receipt and appointment slip yet.",
        SlipKind.Receipt when dossier.Sla is { Rule: SlaRule.FastTrack, FastTrackMissed: null } =>
            $"A fast-track dossier handed in on the fast-track day gets no appointment slip: its result comes back the same day, within {dossier.Sla.Allotted}.",
        SlipKind.SupplementRequest when Last(history, DossierAction.RequestSupplement) is null => "No supplement has been requested for this dossier.",
        SlipKind.Refusal when Last(history, DossierAction.Refuse) is null => "This dossier was not refused at reception.",
        SlipKind.Apology when Last(history, DossierAction.IssueApology) is null => "No apology and new appointment has been issued for this dossier.",
        _ => null,
    };

    /// <summary>The slip as an A5 PDF.</summary>
    /// <exception cref="InvalidOperationException">The dossier has no such slip; see <see cref="Unavailable"/>.</exception>
    public static byte[] Compose(SlipKind kind, SlipSource source)
    {
        if (Unavailable(kind, source.Dossier, source.History) is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        using var canvas = new SlipCanvas(kind.Title(), $"{source.Dossier.Code} · {source.Procedure.Name}");
        canvas.Heading(source.Office.Name, "Bộ phận Một cửa", $"{Place(source.Office)}, {LongDate(source.PrintedAt)}");
        canvas.Title(kind.Title().ToUpper(Vietnamese));
        canvas.Subtitle($"Mã hồ sơ: {source.Dossier.Code}", bold: true);
        canvas.Space();
        switch (kind)
        {
            case SlipKind.Receipt:
                Receipt(canvas, source);
                break;
            case SlipKind.SupplementRequest:
                SupplementRequest(canvas, source);
                break;
            case SlipKind.Refusal:
                Refusal(canvas, source);
                break;
            case SlipKind.Apology:
                Apology(canvas, source);
                break;
            default:
                ProcessControl(canvas, source);
                break;
        }

        canvas.Space(4);
        canvas.Qr(source.StatusPage.AbsoluteUri,
            "Tra cứu tình trạng hồ sơ: quét mã QR hoặc mở địa chỉ dưới đây, nhập mã hồ sơ và 4 số cuối điện thoại đã khai.");
        return canvas.ToPdf();
    }

    private static void Receipt(SlipCanvas canvas, SlipSource source)
    {
        var dossier = source.Dossier;
        var received = Last(source.History, DossierAction.Receive)!;
        canvas.Paragraph($"Bộ phận Một cửa {source.Office.Name} đã tiếp nhận hồ sơ của:");
        Applicant(canvas, dossier.Applicant);
        canvas.Field("Nội dung yêu cầu giải quyết", source.Procedure.Name);
        canvas.Paragraph("Thành phần hồ sơ nộp gồm:");
        canvas.Numbered(source.Procedure.RequiredDocuments);
        canvas.Field("Số lượng hồ sơ", "01 bộ");
        canvas.Field("Thời gian giải quyết theo quy định", dossier.Sla!.AllottedWording ?? VietnameseWords.ProcessingTime(source.Procedure.ProcessingTime));
        canvas.Field("Thời gian nhận hồ sơ", Moment(received.At));
        var due = Moment(dossier.AppointmentAt ?? dossier.Sla!.DueAt);
        canvas.Field("Thời gian trả kết quả", dossier.Sla.Provisional ? $"{due} ({VietnameseWords.Provisional})" : due);
        canvas.Field("Nhận kết quả tại", $"Bộ phận Một cửa {source.Office.Name}");
        canvas.Field("Phí, lệ phí", source.Procedure.Fee);
        canvas.Paragraph("Vào Sổ theo dõi hồ sơ, Quyển số: 01.", italic: true);
        canvas.Space();
        canvas.Signatures(
            ("Người nộp hồ sơ", "(Ký và ghi rõ họ tên)", dossier.Applicant.FullName),
            ("Người tiếp nhận hồ sơ", "(Ký và ghi rõ họ tên)", received.Actor));
    }

    private static void SupplementRequest(SlipCanvas canvas, SlipSource source) => WrittenReason(
        canvas,
        source,
        Last(source.History, DossierAction.RequestSupplement)!,
        $"Ngày {ShortDate(Received(source) ?? source.Dossier.CreatedAt)}, Bộ phận Một cửa {source.Office.Name} tiếp nhận hồ sơ của:",
        "Sau khi xem xét, hồ sơ cần được bổ sung, hoàn thiện với nội dung sau:",
        "Thời gian yêu cầu bổ sung",
        "Thời gian chờ công dân bổ sung không tính vào thời hạn giải quyết. Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, "
        + $"Ông/Bà liên hệ Bộ phận Một cửa {source.Office.Name} để được hướng dẫn. Hồ sơ chỉ được yêu cầu bổ sung một lần.",
        "Người hướng dẫn");

    private static void Refusal(SlipCanvas canvas, SlipSource source) => WrittenReason(
        canvas,
        source,
        Last(source.History, DossierAction.Refuse)!,
        $"Bộ phận Một cửa {source.Office.Name} nhận được hồ sơ đề nghị giải quyết thủ tục hành chính của:",
        "Qua xem xét, Bộ phận Một cửa thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
        "Thời gian từ chối",
        "Xin thông báo để Ông/Bà được biết và thực hiện.",
        "Người tiếp nhận hồ sơ");

    // A slip that gives the citizen, in writing, the reason recorded with one step.
    private static void WrittenReason(
        SlipCanvas canvas, SlipSource source, HistoryEntry step, string intro, string lead, string timeLabel, string closing, string signer)
    {
        canvas.Paragraph(intro);
        Applicant(canvas, source.Dossier.Applicant);
        canvas.Field("Nội dung yêu cầu giải quyết", source.Procedure.Name);
        canvas.Paragraph(lead);
        canvas.Paragraph(step.Note ?? "…", indent: 10);
        canvas.Field(timeLabel, Moment(step.At));
        canvas.Paragraph(closing);
        canvas.Space();
        canvas.Signatures((signer, "(Ký và ghi rõ họ tên)", step.Actor));
    }

    private static void Apology(SlipCanvas canvas, SlipSource source)
    {
        var dossier = source.Dossier;
        var apology = Last(source.History, DossierAction.IssueApology)!;
        canvas.Paragraph($"Ngày {ShortDate(Received(source) ?? dossier.CreatedAt)}, Bộ phận Một cửa {source.Office.Name} tiếp nhận hồ sơ của:");
        Applicant(canvas, dossier.Applicant);
        canvas.Field("Nội dung yêu cầu giải quyết", source.Procedure.Name);
        canvas.Paragraph(
            $"Thời gian hẹn trả kết quả giải quyết hồ sơ là {Moment(dossier.Sla!.DueAt)}, nhưng đến nay cơ quan giải quyết chưa trả kết quả cho Ông/Bà.");
        canvas.Paragraph("Lý do:");
        canvas.Paragraph(apology.Note ?? "…", indent: 10);
        canvas.Paragraph(
            $"Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {source.Office.Name} trân trọng xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào:");
        canvas.Subtitle(Moment(dossier.AppointmentAt ?? dossier.Sla.DueAt), bold: true);
        canvas.Paragraph("Kính mong Ông/Bà thông cảm.");
        canvas.Space();
        canvas.Signatures(("Thủ trưởng cơ quan", "(Ký, ghi rõ họ tên và đóng dấu)", apology.Actor));
    }

    private static void ProcessControl(SlipCanvas canvas, SlipSource source)
    {
        var dossier = source.Dossier;
        canvas.Field("Người nộp hồ sơ", dossier.Applicant.FullName);
        canvas.Field("Nội dung yêu cầu giải quyết", source.Procedure.Name);
        canvas.Field("Thời gian nhận hồ sơ", Received(source) is { } received ? Moment(received) : "chưa tiếp nhận");
        canvas.Field("Thời gian trả kết quả", dossier.AppointmentAt is { } due ? Moment(due) : "…");
        canvas.Field("Trạng thái", dossier.StatusName);
        canvas.Space(4);
        var rows = source.History
            .Where(step => step.Kind != StepKind.Created)
            .Select((step, index) => (IReadOnlyList<string>)
            [
                (index + 1).ToString(CultureInfo.InvariantCulture),
                step.HandOverTo is { } to
                    ? $"Giao: {step.HandOverFrom ?? step.Actor}\nNhận: {to}\n{Moment(step.At)}"
                    : $"{step.Actor}\n{Moment(step.At)}",
                Outcome(step),
                step.Name + (string.IsNullOrWhiteSpace(step.Note) ? string.Empty : $": {step.Note}"),
            ])
            .ToList();
        canvas.Table(
            [("TT", 0.07), ("Tên cơ quan, người giao, nhận; thời gian", 0.43), ("Kết quả (trước, đúng, quá hạn)", 0.2), ("Ghi chú", 0.3)],
            rows);
    }

    private static void Applicant(SlipCanvas canvas, Applicant applicant)
    {
        canvas.Field("Ông/Bà", applicant.FullName);
        canvas.Field("Số định danh cá nhân", applicant.CitizenId);
        canvas.Field("Địa chỉ", applicant.Address);
        canvas.Field("Số điện thoại", applicant.Phone);
    }

    private static HistoryEntry? Last(IReadOnlyList<HistoryEntry> history, DossierAction action) =>
        history.LastOrDefault(step => step.Kind.Action == action);

    private static DateTimeOffset? Received(SlipSource source) => Last(source.History, DossierAction.Receive)?.At;

    private static string Outcome(HistoryEntry step) => step.Timeliness?.VietnameseName() ?? string.Empty;

    // "UBND huyện Gia Lâm" → "Gia Lâm".
    private static string Place(Office office)
    {
        foreach (var prefix in new[] { "UBND huyện ", "UBND thị trấn ", "UBND xã ", "UBND phường " })
        {
            if (office.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return office.Name[prefix.Length..];
            }
        }

        return office.Name;
    }

    private static string LongDate(DateTimeOffset at) => $"ngày {at.Day:00} tháng {at.Month:00} năm {at.Year}";

    private static string ShortDate(DateTimeOffset at) => at.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    // "14 giờ 30 phút, thứ Ba, ngày 13/09/2022".
    private static string Moment(DateTimeOffset at) =>
        $"{at.Hour:00} giờ {at.Minute:00} phút, {VietnameseWords.Weekday(at.DayOfWeek)}, ngày {ShortDate(at)}";
}
