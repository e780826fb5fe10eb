using System.Globalization;
using CaseEngine.Api.Apis;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.ReadSide;

namespace CaseEngine.Api.Statistics;

/// <summary>
/// Turns the read side's facts into leaders' statistics. Each measure counts on its own day, in the office's time:
/// received on the day of reception, resolved (and early / on time / late, and the working time to the result) on the
/// day the result became ready, ratings on the day they were given; open dossiers are those received in the period
/// and still open now, in their bucket now. Both read sides feed the same facts to the same code.
/// </summary>
internal static class StatisticsCalculator
{
    /// <summary>Percentiles are nearest-rank: the smallest value that this share of the values does not exceed.</summary>
    public const double Median = 0.5, P90 = 0.9;

    /// <summary>The rows of <paramref name="groupBy"/> and the total of <paramref name="facts"/> over [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static (IReadOnlyList<StatisticsLine> Rows, StatisticsLine Total) Compute(
        IEnumerable<DossierFacts> facts,
        ReferenceData reference,
        IReadOnlyList<Office> offices,
        DateOnly from,
        DateOnly to,
        StatisticsGrouping groupBy,
        DateTimeOffset now)
    {
        var groups = new Dictionary<string, Tally>(StringComparer.Ordinal);
        var total = new Tally();
        Tally For(string key) => groups.TryGetValue(key, out var tally) ? tally : groups[key] = new Tally();
        string KeyOf(DossierFacts f, DateOnly day) => groupBy switch
        {
            StatisticsGrouping.Office => f.OfficeCode,
            StatisticsGrouping.Procedure => f.ProcedureCode,
            StatisticsGrouping.Officer => f.ReceivedBy ?? string.Empty,
            _ => Day(day),
        };

        foreach (var f in facts)
        {
            if (!reference.Offices.TryGetValue(f.OfficeCode, out var office))
            {
                continue;
            }

            var calendar = office.Calendar;
            bool InPeriod(DateOnly day) => day >= from && day <= to;

            var receivedOn = calendar.LocalDate(f.ReceivedAt);
            if (InPeriod(receivedOn))
            {
                var bucket = f.BucketAt(now);
                For(KeyOf(f, receivedOn)).Receive(bucket);
                total.Receive(bucket);
            }

            if (f.Resolved && calendar.LocalDate(f.CompletedAt!.Value) is var resolvedOn && InPeriod(resolvedOn))
            {
                var minutes = f.WorkingMinutesToResult(calendar)!.Value;
                For(KeyOf(f, resolvedOn)).Resolve(f.Outcome, minutes);
                total.Resolve(f.Outcome, minutes);
            }

            if (f is { Satisfaction: { } satisfaction, RatedAt: { } ratedAt } && calendar.LocalDate(ratedAt) is var ratedOn && InPeriod(ratedOn))
            {
                For(KeyOf(f, ratedOn)).Rate(satisfaction);
                total.Rate(satisfaction);
            }
        }

        var catalogueOrder = reference.Procedures.Keys.Select((code, i) => (code, i)).ToDictionary(p => p.code, p => p.i, StringComparer.Ordinal);
        IEnumerable<(string Key, string Name)> keys = groupBy switch
        {
            StatisticsGrouping.Office => offices.Select(o => (o.Code, o.Name)),
            StatisticsGrouping.Procedure => groups.Keys
                .OrderBy(k => catalogueOrder.GetValueOrDefault(k, int.MaxValue))
                .ThenBy(k => k, StringComparer.Ordinal)
                .Select(k => (k, reference.Procedures.GetValueOrDefault(k)?.Name ?? k)),
            StatisticsGrouping.Officer => groups.Keys.Order(StringComparer.Ordinal).Select(k => (k, k)),
            _ => Enumerable.Range(0, to.DayNumber - from.DayNumber + 1)
                .Select(from.AddDays)
                .Select(d => (Day(d), d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture))),
        };
        IReadOnlyList<StatisticsLine> rows = [.. keys.Select(k => groups.GetValueOrDefault(k.Key, Tally.Empty).Line(k.Key, k.Name))];
        return (rows, total.Line(TotalKey, TotalName));
    }

    /// <summary>
    /// The seed's report: fast-track dossiers whose result became ready in the period, and how many of them within the
    /// fast-track time (early or on time, waiting excluded), per office, for the district office, the communes and all.
    /// </summary>
    public static (IReadOnlyList<FastTrackLine> Offices, FastTrackLine District, FastTrackLine Communes, FastTrackLine Total) FastTrack(
        IEnumerable<DossierFacts> facts, ReferenceData reference, IReadOnlyList<Office> offices, DateOnly from, DateOnly to)
    {
        var byOffice = offices.ToDictionary(o => o.Code, _ => new FastTrackTally(), StringComparer.Ordinal);
        foreach (var f in facts)
        {
            if (f is not { Rule: SlaRule.FastTrack, Resolved: true } || !byOffice.TryGetValue(f.OfficeCode, out var tally))
            {
                continue;
            }

            var day = reference.Offices[f.OfficeCode].Calendar.LocalDate(f.CompletedAt!.Value);
            if (day >= from && day <= to)
            {
                tally.Add(f);
            }
        }

        FastTrackLine Sum(string key, string name, OfficeLevel? level, IEnumerable<Office> part)
        {
            var tallies = part.Select(o => byOffice[o.Code]).ToList();
            return new FastTrackLine(
                key,
                name,
                level,
                tallies.SelectMany(t => t.Procedures).Distinct(StringComparer.Ordinal).Count(),
                tallies.Sum(t => t.Resolved),
                tallies.Sum(t => t.WithinTime),
                tallies.Sum(t => t.Late));
        }

        IReadOnlyList<FastTrackLine> lines = [.. offices.Select(o => Sum(o.Code, o.Name, o.Level, [o]))];
        return (
            lines,
            Sum("district", "Cấp huyện", OfficeLevel.District, offices.Where(o => o.Level == OfficeLevel.District)),
            Sum("communes", "Cấp xã", OfficeLevel.Commune, offices.Where(o => o.Level == OfficeLevel.Commune)),
            Sum(TotalKey, TotalName, null, offices));
    }

    /// <summary>Key of the total line.</summary>
    public const string TotalKey = "total";

    /// <summary>Name of the total line.</summary>
    public const string TotalName = "Tổng cộng";

    /// <summary>The value at or below which <paramref name="share"/> of <paramref name="sorted"/> lies (nearest rank).</summary>
    public static int? Percentile(IReadOnlyList<int> sorted, double share) =>
        sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(share * sorted.Count) - 1)];

    /// <summary><paramref name="part"/> of <paramref name="whole"/> in per cent with one decimal, or null for none.</summary>
    public static decimal? Percent(int part, int whole) =>
        whole == 0 ? null : Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero) + 0.0m; // + 0.0 keeps one decimal: 75.0, not 75

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class Tally
    {
        public static readonly Tally Empty = new();

        private readonly int[] _outcomes = new int[3];
        private readonly int[] _open = new int[3];
        private readonly int[] _ratings = new int[3];
        private readonly List<int> _minutes = [];
        private int _received;

        public void Receive(Bucket? openIn)
        {
            _received++;
            if (openIn is { } bucket)
            {
                _open[(int)bucket]++;
            }
        }

        public void Resolve(Timeliness? outcome, int minutes)
        {
            if (outcome is { } judged)
            {
                _outcomes[(int)judged]++;
            }

            _minutes.Add(minutes);
        }

        public void Rate(Satisfaction satisfaction) => _ratings[(int)satisfaction - 1]++;

        public StatisticsLine Line(string key, string name)
        {
            var minutes = _minutes.Order().ToList();
            var resolved = minutes.Count;
            var (early, onTime, late) = (_outcomes[(int)Timeliness.Early], _outcomes[(int)Timeliness.OnTime], _outcomes[(int)Timeliness.Late]);
            var rated = _ratings.Sum();
            var satisfied = _ratings[(int)Satisfaction.Satisfied - 1];
            return new StatisticsLine(
                key,
                name,
                _received,
                resolved,
                early,
                onTime,
                late,
                Percent(early + onTime, resolved),
                Percentile(minutes, Median),
                Percentile(minutes, P90),
                _open[(int)Bucket.NotYetDue],
                _open[(int)Bucket.NearlyLate],
                _open[(int)Bucket.Late],
                rated,
                satisfied,
                _ratings[(int)Satisfaction.Neutral - 1],
                _ratings[(int)Satisfaction.Dissatisfied - 1],
                Percent(satisfied, rated));
        }
    }

    private sealed class FastTrackTally
    {
        public HashSet<string> Procedures { get; } = new(StringComparer.Ordinal);

        public int Resolved { get; private set; }

        public int WithinTime { get; private set; }

        public int Late { get; private set; }

        public void Add(DossierFacts facts)
        {
            Resolved++;
            if (facts.Outcome == Timeliness.Late)
            {
                Late++;
            }
            else if (facts.Outcome is not null)
            {
                WithinTime++;
                Procedures.Add(facts.ProcedureCode);
            }
        }
    }
}
