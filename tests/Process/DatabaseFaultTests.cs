using CaseEngine.Tests.Support;
using Xunit.Abstractions;

namespace CaseEngine.Tests.Process;

/// <summary>
/// The engine's own PostgreSQL restarted, then stopped for a while, under load: every request is acknowledged or
/// answered 503 with Retry-After and a problem body, never 500; the log counts the failures instead of printing a
/// stack trace per request; and the engine serves again once the database is back.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class DatabaseFaultTests(ITestOutputHelper output)
{
    private const int Workers = 16;

    [Fact]
    public async Task DatabaseRestartAndOutage_UnderLoad_Answer503WithRetryAfter_Never500_AndLogCountedLines()
    {
        await using var database = await OwnPostgres.StartAsync();
        await using var engine = await EngineProcess.StartReadyAsync("engine", database.ConnectionString, new Dictionary<string, string?>
        {
            ["CaseEngine__Faults__IntervalSeconds"] = "2",
        });

        IReadOnlyList<LoadRequest> requests;
        TimeSpan restartedAt, stoppedAt, startedAgainAt;
        await using (var load = new DossierLoad(Workers, engine))
        {
            await Eventually.GetAsync(() => Task.FromResult(load.Acknowledged), n => n >= 300, TimeSpan.FromSeconds(60));

            // A blip: the database restarts at once, ending every session.
            restartedAt = load.Elapsed;
            await database.StopAsync();
            await database.StartAgainAsync();
            var afterRestart = load.Acknowledged;
            await Eventually.GetAsync(() => Task.FromResult(load.Acknowledged), n => n >= afterRestart + 300, TimeSpan.FromSeconds(90));

            // An outage: away until the engine has turned away a good number of requests.
            stoppedAt = load.Elapsed;
            await database.StopAsync();
            await Eventually.GetAsync(
                () => Task.FromResult(load.Requests.Count(r => r.Started > stoppedAt && r.Outcome == Outcome.Unavailable)), n => n >= 100, TimeSpan.FromSeconds(90));
            startedAgainAt = load.Elapsed;
            await database.StartAgainAsync();
            var afterOutage = load.Acknowledged;
            await Eventually.GetAsync(() => Task.FromResult(load.Acknowledged), n => n >= afterOutage + 300, TimeSpan.FromSeconds(90));
            requests = await load.StopAsync();
        }

        string Phase(LoadRequest r) => r.Ended < restartedAt ? "before" : r.Started < stoppedAt ? "restart" : r.Started < startedAgainAt ? "outage" : "after";
        foreach (var group in requests.GroupBy(r => (Phase: Phase(r), r.Outcome, r.StatusCode)))
        {
            output.WriteLine($"{group.Key.Phase}: {group.Count()} {group.Key.Outcome} {group.Key.StatusCode}");
        }

        var bad = requests.Where(r => r.Outcome is not (Outcome.Acknowledged or Outcome.Unavailable)).ToList();
        Assert.True(bad.Count == 0, $"{bad.Count} requests were answered other than by an acknowledgement or a 503 problem with Retry-After:\n"
            + $"{string.Join('\n', bad.Take(20))}\n\n{engine.Describe()}");
        var unavailable = requests.Where(r => r.Outcome == Outcome.Unavailable).ToList();
        Assert.Contains(unavailable, r => r.Started >= stoppedAt && r.Started < startedAgainAt);
        Assert.Contains(requests, r => r.Outcome == Outcome.Acknowledged && r.Started > startedAgainAt);

        // The log says what failed, counted, rather than a stack trace per refused request.
        var log = engine.Output.Split('\n').Concat(engine.ErrorLines).ToList();
        var stackFrames = log.Count(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        output.WriteLine($"{unavailable.Count} requests answered 503; the log has {log.Count} lines, {stackFrames} of them stack frames.");
        Assert.Contains(log, l => l.Contains("Answering 503: Database unavailable", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("more request(s): Database unavailable", StringComparison.Ordinal));
        // The reminder service's own reading of its share of the table, in the background, may log its failure with
        // the exception once per attempt: that is no request's.
        var requestLog = new List<string>();
        var inReminderRefresh = false;
        foreach (var line in log)
        {
            if (!line.StartsWith(' '))
            {
                inReminderRefresh = line.Contains("ReminderService", StringComparison.Ordinal);
            }

            inReminderRefresh |= line.Contains("Failed to read rows from table.", StringComparison.Ordinal);
            if (!inReminderRefresh)
            {
                requestLog.Add(line);
            }
        }

        var perRequest = requestLog.Where(l => l.Contains("at Microsoft.AspNetCore.", StringComparison.Ordinal) || l.Contains("at CaseEngine.", StringComparison.Ordinal)
            || l.Contains("Orleans.Grain[", StringComparison.Ordinal) || l.Contains("Orleans.Storage.AdoNetGrainStorage[", StringComparison.Ordinal)).ToList();
        Assert.True(perRequest.Count == 0, $"requests' failures logged with their stack traces:\n{string.Join('\n', perRequest.Take(20))}");
    }
}
