using System.Collections.Concurrent;
using System.Diagnostics;
using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace CaseEngine.Tests.Process;

[Collection(ProcessCollection.Name)]
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Workers = 16;
    private static readonly TimeSpan LoadBeforeKill = TimeSpan.FromSeconds(3);
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("crash");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task KillNine_UnderLoad_LosesNoAcknowledgedTransition()
    {
        await using var a = EngineProcess.Start("A", _database.ConnectionString);
        await using var b = EngineProcess.Start("B", _database.ConnectionString);
        await Task.WhenAll(a.WaitUntilReadyAsync(Cluster.OfSize(2)), b.WaitUntilReadyAsync(Cluster.OfSize(2)));

        // Load on both, then A dies without a word while requests are in flight; the load goes on against B alone.
        IReadOnlyList<LoadRequest> requests;
        TimeSpan killedAt;
        TimeSpan recovery;
        TimeSpan recoveredAt;
        await using (var load = new DossierLoad(Workers, a, b))
        {
            await Eventually.GetAsync(() => Task.FromResult(load.Acknowledged), n => n >= 400 && load.Elapsed >= LoadBeforeKill, TimeSpan.FromSeconds(60));
            killedAt = load.Elapsed;
            await a.KillAsync();
            load.RouteTo(b);

            var clock = Stopwatch.StartNew();
            var changing = await b.WaitUntilReadyAsync(Cluster.Changing, TimeSpan.FromSeconds(90));
            output.WriteLine($"B's readiness reported the cluster changing {clock.Elapsed.TotalSeconds:0.0} s after the kill: "
                + string.Join("; ", changing.Checks.Select(c => $"{c.Name} {c.Status} {c.Description}")));
            await b.WaitUntilReadyAsync(Cluster.OfSize(1), TimeSpan.FromSeconds(90));
            recovery = clock.Elapsed;
            recoveredAt = load.Elapsed;

            // B serves everything again once A is declared dead.
            var atRecovery = load.Acknowledged;
            await Eventually.GetAsync(() => Task.FromResult(load.Acknowledged), n => n >= atRecovery + 200, TimeSpan.FromSeconds(60));
            requests = await load.StopAsync();
        }

        var afterKill = requests.Where(r => r.Ended >= killedAt).ToList();
        var acknowledged = requests.Where(r => r.Outcome == Outcome.Acknowledged).ToList();
        output.WriteLine(
            $"{requests.Count} requests, {acknowledged.Count} acknowledged ({acknowledged.Count(r => r.Ended < killedAt)} before the kill at "
            + $"{killedAt.TotalSeconds:0.0} s); B reported a cluster of 1 {recovery.TotalSeconds:0.0} s after the kill.");
        string Phase(LoadRequest r) => r.Ended < killedAt ? "before the kill" : r.Started < recoveredAt ? "during recovery" : "after recovery";
        foreach (var group in requests.GroupBy(r => (r.Engine, Phase: Phase(r), r.Outcome, Title: r.Outcome == Outcome.Unavailable ? r.Detail : null)))
        {
            var (fastest, slowest) = (group.Min(r => r.Ended - r.Started), group.Max(r => r.Ended - r.Started));
            output.WriteLine($"  {group.Key.Engine} {group.Key.Phase}: {group.Count()} {group.Key.Outcome} {group.Key.Title} "
                + $"(answered in {fastest.TotalSeconds:0.000} to {slowest.TotalSeconds:0.000} s)");
        }

        // Requests to B whose grains lived on A waited inside B while A was being declared dead, instead of 503s.
        var refusedByB = requests.Where(r => r.Engine == b.Name && r.Ended >= killedAt && r.Outcome == Outcome.Unavailable).ToList();
        output.WriteLine(refusedByB.Count == 0
            ? "B answered no request with 503 after the kill."
            : $"B answered {refusedByB.Count} requests with 503 from {(refusedByB.Min(r => r.Started) - killedAt).TotalSeconds:0.0} s to "
              + $"{(refusedByB.Max(r => r.Ended) - killedAt).TotalSeconds:0.0} s after the kill.");
        var slowestOnB = requests.Where(r => r.Engine == b.Name && r.Ended >= killedAt && r.Outcome == Outcome.Acknowledged).Max(r => r.Ended - r.Started);
        output.WriteLine($"B's slowest acknowledgement after the kill took {slowestOnB.TotalSeconds:0.0} s.");
        AssertNone(requests, r => r.Engine == b.Name && r.Outcome == Outcome.Unavailable, "were answered 503 by B, which stayed up", a, b);

        // Nothing but acknowledgements, 503 problems, and broken connections to the process that was killed.
        Assert.Contains(acknowledged, r => r.Engine == a.Name);
        Assert.Contains(acknowledged, r => r.Engine == b.Name && r.Ended < killedAt);
        AssertNone(requests, r => r.Outcome is Outcome.UnexpectedStatus or Outcome.TimedOut, "answered other than 2xx or a 503 problem, or not at all", a, b);
        AssertNone(requests, r => r.Engine == a.Name && r.Outcome is Outcome.Refused or Outcome.CutOff && r.Ended < killedAt, "lost its connection to A before A was killed", a, b);
        AssertNone(requests, r => r.Engine == b.Name && r.Outcome is Outcome.CutOff, "was cut off by B, which never stopped", a, b);
        Assert.Equal(Cluster.Dead, await Cluster.MemberStatusAsync(_database, a));
        Assert.Equal(Cluster.Active, await Cluster.MemberStatusAsync(_database, b));

        // Codes stay unique across the crash, wherever the office grains lived.
        var creations = acknowledged.Where(r => r.Step == "create").Select(r => r.Code!).ToList();
        Assert.Equal(creations.Count, creations.Distinct().Count());

        // Every acknowledged status is in the dossier's history, in order; the read side agrees with the dossier.
        var acknowledgedByDossier = acknowledged.GroupBy(r => r.Code!).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Started).Select(r => r.Status!.Value).ToList());
        var dossiers = new ConcurrentDictionary<string, (DossierView View, HistoryEntry[] History)>();
        await Parallel.ForEachAsync(acknowledgedByDossier.Keys, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (code, _) =>
            dossiers[code] = (await DossierPath.GetAsync(b, code), await DossierPath.HistoryAsync(b, code)));
        var index = await IndexAsync(acknowledgedByDossier.Keys);
        var lost = new List<string>();
        foreach (var (code, statuses) in acknowledgedByDossier)
        {
            var (view, history) = dossiers[code];
            var path = DossierPath.StatusesOf(history);
            if (!path.SequenceEqual(DossierPath.Statuses.Take(path.Length)) || !IsSubsequence(statuses, path) || path[^1] != view.Status)
            {
                lost.Add($"{code}: acknowledged {string.Join('>', statuses)}, history {string.Join('>', path)}, now {view.Status}");
            }

            if (!index.TryGetValue(code, out var row) || row.Status != view.Status || row.HistoryLength != history.Length)
            {
                lost.Add($"{code}: read side has {(index.ContainsKey(code) ? $"{row.Status} after {row.HistoryLength} steps" : "nothing")}, "
                    + $"the dossier is {view.Status} after {history.Length}");
            }
        }

        Assert.True(lost.Count == 0, $"{lost.Count} dossiers disagree:\n{string.Join('\n', lost)}");

        // Dossiers the crash interrupted, wherever they lived, go on through B to the citizen.
        var interrupted = afterKill
            .Where(r => r.Code is not null && r.Outcome != Outcome.Acknowledged && dossiers[r.Code].View.Status != DossierStatus.Returned)
            .Select(r => r.Code!)
            .ToHashSet();
        var unfinished = dossiers.Values.Select(d => d.View).Where(v => v.Status != DossierStatus.Returned).ToList();
        Assert.NotEmpty(interrupted);
        await Parallel.ForEachAsync(unfinished, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (dossier, _) =>
        {
            while (dossier.Status != DossierStatus.Returned)
            {
                dossier = await DossierPath.AdvanceAsync(b, dossier);
            }
        });
        output.WriteLine($"{acknowledgedByDossier.Count} dossiers checked; {unfinished.Count} unfinished ones, {interrupted.Count} of them interrupted by the crash, finished through B.");
    }

    private static bool IsSubsequence(List<DossierStatus> part, DossierStatus[] whole)
    {
        var at = 0;
        foreach (var status in whole)
        {
            if (at < part.Count && part[at] == status)
            {
                at++;
            }
        }

        return at == part.Count;
    }

    private static void AssertNone(IEnumerable<LoadRequest> requests, Func<LoadRequest, bool> bad, string what, params EngineProcess[] engines)
    {
        var found = requests.Where(bad).ToList();
        Assert.True(
            found.Count == 0,
            $"{found.Count} requests {what}:\n{string.Join('\n', found.Take(20))}\n\n{string.Join("\n\n", engines.Select(e => e.Describe()))}");
    }

    private async Task<Dictionary<string, (DossierStatus Status, int HistoryLength)>> IndexAsync(IEnumerable<string> codes)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT code, status, history_length FROM dossier_index WHERE code = ANY(@codes)", connection);
        command.Parameters.AddWithValue("codes", codes.ToArray());
        var rows = new Dictionary<string, (DossierStatus, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = ((DossierStatus)reader.GetInt16(1), reader.GetInt32(2));
        }

        return rows;
    }
}
