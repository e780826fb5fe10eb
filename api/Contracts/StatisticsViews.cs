using CaseEngine.Domain.Reference;

namespace CaseEngine.Api.Apis;

/// <summary>
/// One row of the statistics. Received counts on the day of reception; resolved, early / on time / late and the
/// working minutes on the day the result became ready; ratings on the day they were given; open dossiers are those
/// received in the period and still open now, in their bucket now.
/// </summary>
/// <param name="Key">Office code, procedure code, officer's user id or day (yyyy-MM-dd); <c>total</c> for the total.</param>
/// <param name="Name">Office or procedure name, officer's user id or day (dd/MM/yyyy).</param>
/// <param name="Received">Dossiers received.</param>
/// <param name="Resolved">Dossiers whose result became ready (ready or returned since).</param>
/// <param name="Early">Resolved before the nearly-late point.</param>
/// <param name="OnTime">Resolved by the due time, after the nearly-late point.</param>
/// <param name="Late">Resolved after the due time.</param>
/// <param name="OnTimePercent">Early and on time among resolved, in per cent with one decimal; null when none was resolved.</param>
/// <param name="MedianWorkingMinutes">Median working minutes from reception to result, waiting for the citizen excluded (nearest rank).</param>
/// <param name="P90WorkingMinutes">90th percentile of the same (nearest rank).</param>
/// <param name="OpenNotYetDue">Received in the period, open now, not yet due.</param>
/// <param name="OpenNearlyLate">Received in the period, open now, nearly late.</param>
/// <param name="OpenLate">Received in the period, open now, late.</param>
/// <param name="Rated">Ratings given.</param>
/// <param name="Satisfied">Of which satisfied (hài lòng).</param>
/// <param name="Neutral">Of which neutral (bình thường).</param>
/// <param name="Dissatisfied">Of which dissatisfied (không hài lòng).</param>
/// <param name="SatisfiedPercent">Satisfied among ratings, in per cent with one decimal; null when none was given.</param>
public sealed record StatisticsLine(
    string Key,
    string Name,
    int Received,
    int Resolved,
    int Early,
    int OnTime,
    int Late,
    decimal? OnTimePercent,
    int? MedianWorkingMinutes,
    int? P90WorkingMinutes,
    int OpenNotYetDue,
    int OpenNearlyLate,
    int OpenLate,
    int Rated,
    int Satisfied,
    int Neutral,
    int Dissatisfied,
    decimal? SatisfiedPercent);

/// <summary>Statistics of a period for leaders.</summary>
/// <param name="From">First day (office time).</param>
/// <param name="To">Last day (office time), included.</param>
/// <param name="At">When the statistics were read (office time); open dossiers are bucketed at this instant.</param>
/// <param name="Offices">Codes of the offices counted.</param>
/// <param name="Procedure">The procedure counted, if only one.</param>
/// <param name="GroupBy">What the rows are.</param>
/// <param name="Rows">The rows.</param>
/// <param name="Total">All offices and rows together (percentiles over all dossiers, not of the rows).</param>
public sealed record StatisticsReport(
    DateOnly From,
    DateOnly To,
    DateTimeOffset At,
    IReadOnlyList<string> Offices,
    string? Procedure,
    StatisticsGrouping GroupBy,
    IReadOnlyList<StatisticsLine> Rows,
    StatisticsLine Total);

/// <summary>Fast-track dossiers resolved in a period, for an office, a level or all.</summary>
/// <param name="Key">Office code, <c>district</c>, <c>communes</c> or <c>total</c>.</param>
/// <param name="Name">Office name, Cấp huyện, Cấp xã or Tổng cộng.</param>
/// <param name="Level">District or Commune; null for the total.</param>
/// <param name="Procedures">Fast-track procedures with a dossier resolved within the fast-track time.</param>
/// <param name="Resolved">Fast-track dossiers whose result became ready in the period.</param>
/// <param name="WithinTime">Of which within the fast-track time (early or on time, waiting for the citizen excluded).</param>
/// <param name="Late">Of which late.</param>
public sealed record FastTrackLine(string Key, string Name, OfficeLevel? Level, int Procedures, int Resolved, int WithinTime, int Late);

/// <summary>The seed's report: how many fast-track dossiers were resolved within the fast-track time, district and communes.</summary>
/// <param name="From">First day (office time).</param>
/// <param name="To">Last day (office time), included.</param>
/// <param name="At">When the report was read (office time).</param>
/// <param name="WorkingMinutes">The fast-track time of the rule set in force (120 working minutes).</param>
/// <param name="Offices">One line per office in scope.</param>
/// <param name="District">The district office.</param>
/// <param name="Communes">The communes and towns.</param>
/// <param name="Total">All offices in scope.</param>
/// <param name="Summary">The report in one Vietnamese sentence, as the district publishes it.</param>
/// <param name="Title">The report's heading, from the rule set and the offices' fast-track weekdays ("Thủ tục giải quyết trong 2 giờ làm việc ngày thứ Ba").</param>
/// <param name="WorkingTime">The fast-track time in Vietnamese ("2 giờ làm việc").</param>
public sealed record FastTrackReport(
    DateOnly From,
    DateOnly To,
    DateTimeOffset At,
    int WorkingMinutes,
    IReadOnlyList<FastTrackLine> Offices,
    FastTrackLine District,
    FastTrackLine Communes,
    FastTrackLine Total,
    string Summary,
    string Title,
    string WorkingTime);
