using System.Globalization;
using CaseEngine.Api.Security;
using CaseEngine.Api.Statistics;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Validation;
using CaseEngine.Domain.Wording;
using CaseEngine.ReadSide;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseEngine.Api.Apis;

/// <summary>What the rows of the statistics are.</summary>
public enum StatisticsGrouping
{
    /// <summary>One row per office in scope (all of them, with zeros).</summary>
    Office,

    /// <summary>One row per procedure with dossiers in the period.</summary>
    Procedure,

    /// <summary>One row per counter officer who received dossiers (by the dossiers they received).</summary>
    Officer,

    /// <summary>One row per day of the period.</summary>
    Day,
}

/// <summary>Statistics for leaders, read from the read side without activating dossiers, as JSON, CSV or XLSX.</summary>
public static class StatisticsApi
{
    /// <summary>Roles that read statistics.</summary>
    public static readonly Role[] Readers = [Role.Leader, Role.Administrator];

    /// <summary>Longest period, in days.</summary>
    public const int MaxDays = 3660;

    /// <summary>Longest period with a row per day, in days.</summary>
    public const int MaxRowDays = 366;

    private const string FormatDescription =
        " Days are office days (yyyy-MM-dd, both ends included; default: this month until today). An office user sees their office; a district-wide user every office, or one with `office`."
        + " `format=json|csv|xlsx` or an Accept of text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet downloads the table with Vietnamese headers (CSV in UTF-8 with a byte order mark).";

    /// <summary>Maps <c>/api/statistics</c>.</summary>
    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/statistics").WithTags("Statistics").Allow(Readers)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/", GetStatistics)
            .WithName("GetStatistics")
            .WithSummary("On-time statistics of a period per office, procedure, officer or day, with the total (Leader, Administrator)")
            .WithDescription("Received, resolved, early / on time / late (waiting time excluded), on-time %, median and p90 working minutes to the result, open dossiers by bucket now, ratings. Rows by `groupBy=office` (default), `procedure`, `officer` (who received the dossiers) or `day` (at most 366 days); `procedure` keeps one procedure." + FormatDescription)
            .Produces<StatisticsReport>(StatusCodes.Status200OK, "application/json", ReportExport.CsvType, ReportExport.XlsxType);
        api.MapGet("/fast-track-report", GetFastTrackReport)
            .WithName("GetFastTrackReport")
            .WithSummary("How many fast-track dossiers were resolved within the fast-track time in a period, district office and communes (Leader, Administrator)")
            .WithDescription("The report the district publishes: from date to date, N dossiers resolved within 2 working hours, of them X at the district office and Y at the communes." + FormatDescription)
            .Produces<FastTrackReport>(StatusCodes.Status200OK, "application/json", ReportExport.CsvType, ReportExport.XlsxType);
        return app;
    }

    /// <summary>The statistics of a period.</summary>
    public static async Task<Results<Ok<StatisticsReport>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetStatistics(
        ReferenceData reference,
        IDossierIndex index,
        TimeProvider time,
        HttpContext http,
        CancellationToken cancellationToken,
        string? from = null,
        string? to = null,
        string? office = null,
        string? procedure = null,
        string? groupBy = null,
        string? format = null)
    {
        var errors = new FieldErrors();
        Codes.Text(Codes.OfficeSubject, office, errors, "office", required: false);
        Codes.Text(Codes.ProcedureSubject, procedure, errors, "procedure", required: false);
        var grouping = StatisticsGrouping.Office;
        if (!string.IsNullOrWhiteSpace(groupBy) && !TryGrouping(groupBy, out grouping))
        {
            errors.Add("groupBy", "Cách nhóm (groupBy) phải là office, procedure, officer hoặc day.");
        }

        var scope = Scope(reference, http, time, from, to, office, format, errors, grouping == StatisticsGrouping.Day ? MaxRowDays : MaxDays, out var refused);
        if (refused is not null)
        {
            return refused;
        }

        if (scope is not { } s)
        {
            return errors.Problem();
        }

        if (procedure is not null && !reference.Procedures.ContainsKey(procedure))
        {
            throw NotFoundException.Procedure(procedure);
        }

        var facts = await index.FactsAsync(new FactsQuery([.. s.Offices.Select(o => o.Code)], procedure, s.Start, s.Before), cancellationToken);
        var (rows, total) = StatisticsCalculator.Compute(facts, reference, s.Offices, s.From, s.To, grouping, s.Now);
        var report = new StatisticsReport(
            s.From, s.To, s.Offices[0].Calendar.ToLocal(s.Now), [.. s.Offices.Select(o => o.Code)], procedure, grouping, rows, total);
        return s.Format == ReportFormat.Json
            ? TypedResults.Ok(report)
            : ReportExport.File(Table(report), s.Format, $"thong-ke-{Day(s.From)}-{Day(s.To)}");
    }

    /// <summary>The fast-track report of a period.</summary>
    public static async Task<Results<Ok<FastTrackReport>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetFastTrackReport(
        ReferenceData reference,
        IDossierIndex index,
        TimeProvider time,
        HttpContext http,
        CancellationToken cancellationToken,
        string? from = null,
        string? to = null,
        string? office = null,
        string? format = null)
    {
        var errors = new FieldErrors();
        Codes.Text(Codes.OfficeSubject, office, errors, "office", required: false);
        var scope = Scope(reference, http, time, from, to, office, format, errors, MaxDays, out var refused);
        if (refused is not null)
        {
            return refused;
        }

        if (scope is not { } s)
        {
            return errors.Problem();
        }

        var facts = await index.FactsAsync(new FactsQuery([.. s.Offices.Select(o => o.Code)], null, s.Start, s.Before), cancellationToken);
        var (offices, district, communes, total) = StatisticsCalculator.FastTrack(facts, reference, s.Offices, s.From, s.To);
        var minutes = reference.RuleSet.FastTrackWorkingMinutes;
        var report = new FastTrackReport(
            s.From, s.To, s.Offices[0].Calendar.ToLocal(s.Now), minutes, offices, district, communes, total,
            Summary(s.From, s.To, minutes, district, communes, total), FastTrackWording.Title(s.Offices, reference.RuleSet), VietnameseWords.WorkingTime(minutes));
        return s.Format == ReportFormat.Json
            ? TypedResults.Ok(report)
            : ReportExport.File(Table(report), s.Format, $"giai-quyet-nhanh-{Day(s.From)}-{Day(s.To)}");
    }

    /// <summary>The statistics as a table with Vietnamese headers: the rows, then the total.</summary>
    internal static ReportTable Table(StatisticsReport report)
    {
        var first = report.GroupBy switch
        {
            StatisticsGrouping.Office => ("Mã đơn vị", "Đơn vị"),
            StatisticsGrouping.Procedure => ("Mã thủ tục", "Thủ tục"),
            StatisticsGrouping.Officer => ("Tài khoản", "Cán bộ tiếp nhận"),
            _ => ("Mã ngày", "Ngày"),
        };
        string[] headers =
        [
            first.Item1, first.Item2, "Tiếp nhận", "Đã giải quyết", "Trước hạn", "Đúng hạn", "Quá hạn", "Tỷ lệ đúng hạn (%)",
            "Trung vị phút làm việc", "P90 phút làm việc", "Đang giải quyết: chưa đến hạn", "Đang giải quyết: sắp đến hạn",
            "Đang giải quyết: quá hạn", "Lượt đánh giá", "Hài lòng", "Bình thường", "Không hài lòng", "Tỷ lệ hài lòng (%)",
        ];
        static object?[] Cells(StatisticsLine l) =>
        [
            l.Key, l.Name, l.Received, l.Resolved, l.Early, l.OnTime, l.Late, l.OnTimePercent, l.MedianWorkingMinutes,
            l.P90WorkingMinutes, l.OpenNotYetDue, l.OpenNearlyLate, l.OpenLate, l.Rated, l.Satisfied, l.Neutral,
            l.Dissatisfied, l.SatisfiedPercent,
        ];
        return new ReportTable("Thống kê", headers, [.. report.Rows.Select(Cells), Cells(report.Total)]);
    }

    /// <summary>The fast-track report as a table with Vietnamese headers: the offices, then the district, the communes and the total.</summary>
    internal static ReportTable Table(FastTrackReport report)
    {
        string[] headers = ["Mã", "Đơn vị", "Cấp", "Số thủ tục", "Đã giải quyết", "Trong thời hạn giải quyết nhanh", "Quá hạn"];
        static object?[] Cells(FastTrackLine l) =>
        [
            l.Key, l.Name, l.Level switch { OfficeLevel.District => "Huyện", OfficeLevel.Commune => "Xã", _ => null },
            l.Procedures, l.Resolved, l.WithinTime, l.Late,
        ];
        return new ReportTable("Giải quyết nhanh", headers, [.. report.Offices.Select(Cells), Cells(report.District), Cells(report.Communes), Cells(report.Total)]);
    }

    /// <summary>The sentence the district publishes, such as the seed's "… đã giải quyết 18.782 hồ sơ …".</summary>
    internal static string Summary(DateOnly from, DateOnly to, int minutes, FastTrackLine district, FastTrackLine communes, FastTrackLine total)
    {
        static string N(int n) => n.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');
        var span = VietnameseWords.WorkingTime(minutes);
        return $"Từ ngày {from.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} đến ngày {to.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}, "
            + $"đã giải quyết {N(total.WithinTime)} hồ sơ của {N(total.Procedures)} thủ tục hành chính trong vòng {span} kể từ khi tiếp nhận "
            + $"(cấp huyện: {N(district.WithinTime)} hồ sơ, {N(district.Procedures)} thủ tục; cấp xã: {N(communes.WithinTime)} hồ sơ, {N(communes.Procedures)} thủ tục).";
    }

    private static bool TryGrouping(string text, out StatisticsGrouping grouping) =>
        Enum.TryParse(text.Trim(), ignoreCase: true, out grouping) && Enum.IsDefined(grouping) && !int.TryParse(text, out _);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The period, offices, format and clock of a request, or null with <paramref name="errors"/> filled, or null with
    /// <paramref name="refused"/> (403) for an office the user does not reach. An unknown office is a 404.
    /// </summary>
    private static ReportScope? Scope(
        ReferenceData reference,
        HttpContext http,
        TimeProvider time,
        string? from,
        string? to,
        string? office,
        string? format,
        FieldErrors errors,
        int maxDays,
        out ProblemHttpResult? refused)
    {
        refused = null;
        var user = Access.User(http);
        var reportFormat = ReportExport.Negotiate(format, http.Request);
        if (reportFormat is null)
        {
            errors.Add("format", "Định dạng (format) phải là json, csv hoặc xlsx.");
        }

        var fromDay = ParseDay("from", from, errors);
        var toDay = ParseDay("to", to, errors);
        if (errors.Any)
        {
            return null;
        }

        IReadOnlyList<Office> offices;
        if (office is not null)
        {
            var chosen = reference.RequireOffice(office);
            if (!user.Reaches(chosen.Code))
            {
                refused = TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Cơ quan khác",
                    detail: $"Cơ quan {chosen.Code} không phải của bạn; bạn làm việc tại cơ quan {user.OfficeCode}.");
                return null;
            }

            offices = [chosen];
        }
        else
        {
            offices = user.DistrictWide ? [.. reference.Offices.Values] : [reference.RequireOffice(user.OfficeCode)];
        }

        var now = time.GetUtcNow();
        var today = offices[0].Calendar.LocalDate(now);
        var last = toDay ?? today;
        var first = fromDay ?? new DateOnly(last.Year, last.Month, 1);
        if (first > last)
        {
            errors.Add(toDay is null ? "from" : "to", toDay is null ? "Ngày đầu (from) không được sau hôm nay khi không có ngày cuối (to)." : "Ngày cuối (to) không được trước ngày đầu (from).");
        }
        else if (last.DayNumber - first.DayNumber + 1 > maxDays)
        {
            errors.Add("to", $"Khoảng thời gian dài quá {maxDays} ngày; hãy chọn khoảng ngắn hơn{(maxDays == MaxRowDays ? " hoặc nhóm theo cách khác ngày" : string.Empty)}.");
        }

        if (errors.Any)
        {
            return null;
        }

        // Every office's days start at its own midnight; the window covers them all, each fact is placed by its office.
        var start = offices.Min(o => o.Calendar.StartOf(first));
        var before = offices.Max(o => o.Calendar.StartOf(last.AddDays(1)));
        return new ReportScope(offices, first, last, start, before, now, reportFormat!.Value);
    }

    private static DateOnly? ParseDay(string field, string? text, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors.Add(field, $"Ngày ({field}) phải viết năm-tháng-ngày như 2022-09-13.");
            return null;
        }

        if (day.Year is < Limits.FirstYear or > Limits.LastYear)
        {
            errors.Add(field, $"Ngày ({field}) phải trong các năm từ {Limits.FirstYear} đến {Limits.LastYear}.");
            return null;
        }

        return day;
    }

    private sealed record ReportScope(
        IReadOnlyList<Office> Offices,
        DateOnly From,
        DateOnly To,
        DateTimeOffset Start,
        DateTimeOffset Before,
        DateTimeOffset Now,
        ReportFormat Format);
}
