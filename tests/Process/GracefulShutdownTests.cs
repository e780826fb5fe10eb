using System.Diagnostics;
using CaseEngine.Api;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace CaseEngine.Tests.Process;

[Collection(ProcessCollection.Name)]
public sealed class GracefulShutdownTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Workers = 12;

    // The generic host's default HostOptions.ShutdownTimeout, which the engine keeps.
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("shutdown");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Sigterm_UnderLoad_FinishesRequestsInFlightAndLeavesTheCluster()
    {
        await using var engine = await EngineProcess.StartReadyAsync("engine", _database.ConnectionString);

        IReadOnlyList<LoadRequest> requests;
        TimeSpan signalledAt;
        int exitCode;
        TimeSpan exitedAfter;
        await using (var load = new DossierLoad(Workers, engine))
        {
            await Eventually.GetAsync(() => Task.FromResult(load.Acknowledged), n => n >= 300, TimeSpan.FromSeconds(60));
            signalledAt = load.Elapsed;
            var clock = Stopwatch.StartNew();
            engine.SendTerminate();
            exitCode = await engine.WaitForExitAsync(ShutdownTimeout);
            exitedAfter = clock.Elapsed;
            requests = await load.StopAsync();
        }

        var drained = requests.Where(r => r.Started < signalledAt && r.Ended > signalledAt && r.Outcome == Outcome.Acknowledged).ToList();
        output.WriteLine($"{requests.Count} requests, {requests.Count(r => r.Outcome == Outcome.Acknowledged)} acknowledged; SIGTERM at {signalledAt.TotalSeconds:0.0} s; "
            + $"{drained.Count} requests in flight then were acknowledged after it.");
        foreach (var group in requests.GroupBy(r => (After: r.Ended > signalledAt, r.Outcome, Title: r.Outcome == Outcome.Unavailable ? r.Detail : null)))
        {
            output.WriteLine($"  {(group.Key.After ? "after" : "before")} SIGTERM: {group.Count()} {group.Key.Outcome} {group.Key.Title}");
        }

        Assert.True(exitCode == 0, $"exit code {exitCode}. {engine.Describe()}");
        var bad = requests.Where(r => r.Outcome is not (Outcome.Acknowledged or Outcome.Unavailable or Outcome.Refused)
            || (r.Outcome != Outcome.Acknowledged && r.Ended < signalledAt)).ToList();
        Assert.True(bad.Count == 0, $"{bad.Count} requests failed other than by a 503 problem or a refused connection after SIGTERM:\n"
            + $"{string.Join('\n', bad.Take(20))}\n\n{engine.Describe()}");
        Assert.NotEmpty(drained);
        Assert.Contains(requests, r => r is { Outcome: Outcome.Unavailable, Detail: ProblemTitles.ShuttingDown });
        Assert.Equal(Cluster.Dead, await Cluster.MemberStatusAsync(_database, engine));

        // What was acknowledged is stored; what was turned away as shutting down or never reached the engine was not done.
        var index = await IndexAsync();
        var wrong = new List<string>();
        foreach (var dossier in requests.Where(r => r.Code is not null).GroupBy(r => r.Code!))
        {
            var last = dossier.Where(r => r.Outcome == Outcome.Acknowledged).MaxBy(r => r.Started)!;
            var after = dossier.Where(r => r.Started > last.Started).ToList();
            var stored = index.GetValueOrDefault(dossier.Key);
            var mayBeNext = after.Any(r => r is { Outcome: Outcome.Unavailable, Detail: not ProblemTitles.ShuttingDown });
            if (stored != last.Status && !(mayBeNext && stored == Next(last.Status!.Value)))
            {
                wrong.Add($"{dossier.Key}: acknowledged {last.Status}, then {string.Join(", ", after.Select(r => $"{r.Step} {r.Outcome} {r.Detail}"))}; stored {stored}");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} dossiers are not stored as acknowledged:\n{string.Join('\n', wrong)}");
        output.WriteLine($"Exited with 0 {exitedAfter.TotalSeconds:0.0} s after SIGTERM; {index.Count} dossiers stored as acknowledged.");
        output.WriteLine(engine.Describe());
    }

    private static DossierStatus? Next(DossierStatus status) =>
        Array.IndexOf(DossierPath.Statuses, status) is var at and >= 0 && at + 1 < DossierPath.Statuses.Length ? DossierPath.Statuses[at + 1] : null;

    private async Task<Dictionary<string, DossierStatus>> IndexAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT code, status FROM dossier_index", connection);
        var rows = new Dictionary<string, DossierStatus>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = (DossierStatus)reader.GetInt16(1);
        }

        return rows;
    }
}
