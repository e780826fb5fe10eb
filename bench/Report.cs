using System.Globalization;
using System.Text;
using HdrHistogram;

namespace CaseEngine.Bench;

/// <summary>Everything one measured run produced.</summary>
internal sealed record RunResult(
    DateTimeOffset FinishedAt,
    BenchOptions Options,
    IReadOnlyDictionary<string, int> PerOffice,
    IReadOnlyList<(string Name, string Value)> DatabaseSettings,
    TimeSpan Elapsed,
    IReadOnlyList<HistogramBase> Latencies,
    long Transitions,
    long Errors,
    IReadOnlyList<string> ErrorMessages,
    IReadOnlyList<long> PerSecond,
    int ActiveBefore,
    int ActiveAfter,
    MemorySnapshot MemoryBefore,
    MemorySnapshot MemoryAfter,
    CpuTimes Cpu,
    RuntimeCounters Runtime,
    DatabaseCounters Database,
    string LoadBefore,
    string LoadAfter,
    BoardStreamsResult BoardStreams,
    double? CeilingPerSecond,
    string? CeilingProblem);

/// <summary>The lobby board event streams held open during the measured run.</summary>
/// <param name="Open">Streams open (0 without <c>--streams</c>).</param>
/// <param name="Offices">Offices they were spread over.</param>
/// <param name="Frames">Boards they received during the run, all together.</param>
/// <param name="Reads">Boards the engine read during the run, all offices together (for streams and for nothing else).</param>
/// <param name="Ended">Streams the engine ended before the benchmark closed them.</param>
internal sealed record BoardStreamsResult(int Open, int Offices, long Frames, long Reads, int Ended);

/// <summary>The results as markdown, printed and written to a file.</summary>
internal static class Report
{
    private const int TransitionsPerLifecycle = 5;
    private const double TargetPerSecond = 3_000;
    private const double TargetOpenLoopPerSecond = 2_000;
    private const double TargetP99Milliseconds = 50;
    private const double TargetCpuMicroseconds = 600;
    private const double TargetYearSeconds = 60;
    private const double TargetBytesPerGrain = 10 * 1024;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Markdown(RunResult r)
    {
        var s = new StringBuilder();
        var seconds = r.Elapsed.TotalSeconds;
        var rate = r.Transitions / seconds;
        var all = new LongHistogram(1, 60_000_000, 3);
        foreach (var histogram in r.Latencies)
        {
            all.Add(histogram);
        }

        var district = r.PerOffice.GetValueOrDefault(DossierPlan.DistrictOffice);
        var communes = r.PerOffice.Where(o => o.Key != DossierPlan.DistrictOffice).Select(o => o.Value).DefaultIfEmpty().ToList();
        var settings = string.Join(", ", r.DatabaseSettings.Skip(1).Select(x => $"{x.Name}={x.Value}"));
        var loop = r.Options.Rate is { } arrivals
            ? I($"open loop at {arrivals:N0} transitions/s (a lifecycle's steps {r.Options.StepIntervalMilliseconds} ms apart, latency from each step's due time)")
            : I($"{r.Options.Concurrency} lifecycles at once");
        Line(s, I($"### Run finished {r.FinishedAt:yyyy-MM-dd HH:mm} UTC: {r.Options.Dossiers:N0} dossiers, {loop}"));
        Line(s);
        Line(s, I($"- Dossiers: {r.Options.Dossiers:N0} (district office 018: {district:N0}; {communes.Count(c => c > 0)} communes: {communes.Min():N0}–{communes.Max():N0} each), procedures of the office's level drawn with seed {r.Options.Seed}, shuffled."));
        Line(s, I($"- Each lifecycle: create → forward → submit-for-signature → approve → return, over HTTP/1.1 on loopback to Kestrel, {loop}; warm-up of {r.Options.Warmup:N0} lifecycles not counted."));
        Line(s, I($"- Engine hosted in the benchmark process: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, concurrent {(AppContext.TryGetSwitch("System.GC.Concurrent", out var concurrent) && !concurrent ? "off" : "on")}; .NET {Environment.Version}; {Environment.ProcessorCount} cores."));
        Line(s, I($"- PostgreSQL {r.DatabaseSettings[0].Value}: {settings}."));
        Line(s, I($"- Load average (1, 5, 15 min) before: {r.LoadBefore}; after: {r.LoadAfter}."));
        var b = r.BoardStreams;
        Line(s, b.Open == 0
            ? "- Lobby board event streams open during the run: none."
            : I($"- Lobby board event streams open during the run: **{b.Open:N0}** (round-robin over {b.Offices} offices, over HTTP from this process); they received **{b.Frames:N0} board frames** ({b.Frames / seconds:N1}/s), from {b.Reads:N0} board reads ({b.Reads / seconds:N1}/s); ended by the engine: {b.Ended}."));
        Line(s);

        Line(s, "| transition | count | per second | p50 ms | p90 ms | p99 ms | max ms | mean ms |");
        Line(s, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var kind in Enum.GetValues<Kind>())
        {
            Row(s, kind.ToString(), r.Latencies[(int)kind], seconds);
        }

        Row(s, "**all**", all, seconds);
        Line(s);

        var full = r.PerSecond.Count > 0 ? r.PerSecond.Order().ToList() : [0];
        Line(s, I($"Total: {r.Transitions:N0} transitions ({r.Transitions / TransitionsPerLifecycle:N0} lifecycles) in {seconds:N1} s = **{rate:N0} transitions/s**; errors: **{r.Errors}**."));
        Line(s, I($"Per whole second: min {full[0]:N0}, median {full[full.Count / 2]:N0}, max {full[^1]:N0} transitions/s."));
        foreach (var message in r.ErrorMessages)
        {
            Line(s, I($"- error: {message}"));
        }

        Line(s);
        var newGrains = r.ActiveAfter - r.ActiveBefore;
        var perGrain = newGrains > 0 ? (double)(r.MemoryAfter.LiveBytes - r.MemoryBefore.LiveBytes) / newGrains : double.NaN;
        var heapPerGrain = newGrains > 0 ? (double)(r.MemoryAfter.HeapBytes - r.MemoryBefore.HeapBytes) / newGrains : double.NaN;
        Line(s, "Memory of the active dossier grains (after full compacting collections; every dossier stays active after its lifecycle):");
        Line(s);
        Line(s, "| | active dossier grains | live managed bytes | GC heap bytes | working set |");
        Line(s, "| --- | ---: | ---: | ---: | ---: |");
        Line(s, I($"| before the measured run | {r.ActiveBefore:N0} | {r.MemoryBefore.LiveBytes:N0} | {r.MemoryBefore.HeapBytes:N0} | {r.MemoryBefore.WorkingSet:N0} |"));
        Line(s, I($"| after | {r.ActiveAfter:N0} | {r.MemoryAfter.LiveBytes:N0} | {r.MemoryAfter.HeapBytes:N0} | {r.MemoryAfter.WorkingSet:N0} |"));
        Line(s, I($"| **per new grain** | {newGrains:N0} | **{perGrain:N0}** | {heapPerGrain:N0} | {(double)(r.MemoryAfter.WorkingSet - r.MemoryBefore.WorkingSet) / Math.Max(newGrains, 1):N0} |"));
        Line(s);

        var capacity = r.Cpu.MachineTotal;
        var others = r.Cpu.MachineBusy - r.Cpu.Process - (r.Cpu.Postgres ?? 0);
        string Share(double? cpuSeconds) => cpuSeconds is { } c && capacity > 0 ? string.Create(Invariant, $"{c:N1} s ({c / capacity:P0})") : "unknown";
        string PerTransition(double? cpuSeconds) => cpuSeconds is { } c && r.Transitions > 0 ? string.Create(Invariant, $"{c / r.Transitions * 1e6:N0} µs") : "unknown";
        Line(s, I($"CPU during the run ({seconds:N1} s × {Environment.ProcessorCount} cores = {capacity:N1} s):"));
        Line(s);
        Line(s, "| | CPU time (share of the machine) | per transition |");
        Line(s, "| --- | ---: | ---: |");
        Line(s, I($"| benchmark process (engine + HTTP driver) | {Share(r.Cpu.Process)} | {PerTransition(r.Cpu.Process)} |"));
        Line(s, I($"| PostgreSQL (all its processes) | {Share(r.Cpu.Postgres)} | {PerTransition(r.Cpu.Postgres)} |"));
        Line(s, I($"| other processes | {Share(r.Cpu.Postgres is null ? null : others)} | |"));
        Line(s, I($"| idle (incl. I/O wait) | {Share(capacity - r.Cpu.MachineBusy)} | |"));
        Line(s, I($"| of the busy time: stolen by the hypervisor | {Share(r.Cpu.MachineSteal)} | |"));
        Line(s);

        var rt = r.Runtime;
        Line(s, string.Create(
            Invariant,
            $"Runtime during the run: GC {rt.Gen0:N0} gen0 / {rt.Gen1:N0} gen1 / {rt.Gen2:N0} gen2, paused {rt.Paused.TotalMilliseconds:N0} ms ({rt.Paused.TotalSeconds / seconds:P1} of the time); allocated {rt.Allocated / (double)Math.Max(r.Transitions, 1) / 1024:N1} KB per transition; {rt.LockContentions:N0} lock contentions; {rt.WorkItems / (double)Math.Max(r.Transitions, 1):N1} thread-pool work items per transition."));
        Line(s);

        var db = r.Database;
        double Per(long value) => value / (double)Math.Max(r.Transitions, 1);
        Line(s, string.Create(
            Invariant,
            $"PostgreSQL during the run: {db.Commits:N0} commits ({Per(db.Commits):N2} per transition), {db.Rollbacks:N0} rollbacks; WAL {db.WalRecords:N0} records, {db.WalBytes / 1048576.0:N0} MB ({Per(db.WalBytes):N0} bytes per transition), {db.WalSyncs:N0} WAL flushes ({(db.WalSyncs > 0 ? db.Commits / (double)db.WalSyncs : 0):N1} commits per flush); {db.Checkpoints} checkpoints."));
        Line(s);
        Line(s, "| table | scans | inserted | updated (HOT) | deleted | autovacuum/analyze runs |");
        Line(s, "| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var name in DatabaseCounters.TableNames)
        {
            if (db.Tables.TryGetValue(name, out var t))
            {
                Line(s, I($"| {name} | {t.Scans:N0} | {t.Inserted:N0} | {t.Updated:N0} ({t.HotUpdated:N0}) | {t.Deleted:N0} | {t.Autovacuums} |"));
            }
        }

        Line(s);
        Line(s, r.CeilingPerSecond is { } ceiling
            ? I($"Ceiling of this PostgreSQL set-up (pgbench, {DatabaseCeiling.Clients} clients, durable one-row UPDATEs of a {DatabaseCeiling.RowBytes:N0}-byte row, after the run): **{ceiling:N0} commits/s**; the engine's transitions are **{rate / ceiling:P0}** of it.")
            : I($"Ceiling of this PostgreSQL set-up: {r.CeilingProblem}."));
        Line(s);
        var year = r.Options.Dossiers == BenchOptions.YearDossiers ? seconds : BenchOptions.YearDossiers * TransitionsPerLifecycle / rate;
        var p99 = all.GetValueAtPercentile(99) / 1000.0;
        var cpuPerTransition = r.Cpu.Postgres is { } postgres && r.Transitions > 0 ? (r.Cpu.Process + postgres) / r.Transitions * 1e6 : double.NaN;
        Line(s, "| target | reached | met |");
        Line(s, "| --- | ---: | :---: |");
        if (r.Options.Rate is { } offered)
        {
            Target(s, "open loop: ≥ 2,000 transitions/s offered and carried", I($"{offered:N0}/s offered, {rate:N0}/s carried"), offered >= TargetOpenLoopPerSecond && rate >= 0.98 * offered);
            Target(s, "open loop: p99 < 50 ms from the due time", I($"{p99:N1} ms"), p99 < TargetP99Milliseconds);
        }
        else
        {
            Target(s, "≥ 3,000 transitions/s (32 in flight)", I($"{rate:N0}/s"), rate >= TargetPerSecond);
            Target(s, "p99 < 50 ms (all transitions)", I($"{p99:N1} ms"), p99 < TargetP99Milliseconds);
        }

        Target(s, "≤ 600 µs CPU per transition (benchmark process + PostgreSQL)", I($"{cpuPerTransition:N0} µs"), cpuPerTransition <= TargetCpuMicroseconds);
        Target(s, "Gia Lâm's year (18,782 dossiers) < 60 s", I($"{year:N1} s{(r.Options.Dossiers == BenchOptions.YearDossiers ? string.Empty : " (extrapolated)")}"), year < TargetYearSeconds);
        Target(s, "≤ 10 KB per active dossier grain", I($"{perGrain / 1024:N1} KB"), perGrain <= TargetBytesPerGrain);
        return s.ToString();
    }

    private static void Row(StringBuilder s, string name, HistogramBase h, double seconds)
    {
        static string Ms(double microseconds) => (microseconds / 1000).ToString("N1", Invariant);
        Line(s, string.Create(
            Invariant,
            $"| {name} | {h.TotalCount:N0} | {h.TotalCount / seconds:N0} | {Ms(h.GetValueAtPercentile(50))} | {Ms(h.GetValueAtPercentile(90))} | {Ms(h.GetValueAtPercentile(99))} | {Ms(h.GetMaxValue())} | {Ms(h.GetMean())} |"));
    }

    private static void Target(StringBuilder s, string target, string reached, bool met) =>
        Line(s, I($"| {target} | {reached} | {(met ? "yes" : "**no**")} |"));

    private static string I(FormattableString text) => text.ToString(Invariant);

    private static void Line(StringBuilder s, string text = "") => s.Append(text).Append('\n');
}
