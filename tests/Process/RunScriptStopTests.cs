using System.Diagnostics;
using CaseEngine.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace CaseEngine.Tests.Process;

/// <summary>
/// <c>./run.sh</c> stopped under load by SIGTERM (systemd, <c>docker stop</c>) or SIGINT (Ctrl-C): the engine stops
/// first, draining its requests and leaving the cluster while its database still answers, and the database after it.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class RunScriptStopTests(ITestOutputHelper output)
{
    private const int Workers = 8;

    // ./run.sh builds the engine before it starts it (nothing to build when the tests' build is current).
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Signal_UnderLoad_StopsTheEngineFirst_ThenTheDatabase(string signal)
    {
        var folder = OwnPostgres.NewFolder();
        var port = EngineProcess.FreePort();
        await using var database = OwnPostgres.InFolder(folder, port);
        IReadOnlyList<LoadRequest> requests;
        int exitCode;
        TimeSpan exitedAfter;
        await using (var script = EngineProcess.StartScript("run.sh", folder, port))
        {
            await script.WaitUntilReadyAsync(timeout: StartTimeout);
            await using (var load = new DossierLoad(Workers, script))
            {
                await Eventually.GetAsync(() => Task.FromResult(load.Acknowledged), n => n >= 200, TimeSpan.FromSeconds(60));
                var clock = Stopwatch.StartNew();
                script.SendSignal(signal);
                exitCode = await script.WaitForExitAsync(TimeSpan.FromSeconds(90));
                exitedAfter = clock.Elapsed;
                requests = await load.StopAsync();
            }

            output.WriteLine($"SIG{signal}: run.sh exited with {exitCode} after {exitedAfter.TotalSeconds:0.0} s; "
                + $"{requests.Count(r => r.Outcome == Outcome.Acknowledged)} requests acknowledged.");
            Assert.True(exitCode == 0, $"exit code {exitCode}. {script.Describe()}");
            var bad = requests.Where(r => r.Outcome is not (Outcome.Acknowledged or Outcome.Unavailable or Outcome.Refused)).ToList();
            Assert.True(bad.Count == 0, $"{bad.Count} requests failed other than by a 503 problem or a refused connection:\n"
                + $"{string.Join('\n', bad.Take(20))}\n\n{script.Describe()}");
            var log = script.Output + string.Join('\n', script.ErrorLines);
            Assert.DoesNotContain("Lifecycle stop operations canceled", log, StringComparison.Ordinal);

            // The database is stopped too: nothing listens on its port any more.
            await Assert.ThrowsAnyAsync<NpgsqlException>(async () =>
            {
                await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Database=caseengine;Username=caseengine;Password=caseengine;Timeout=3");
                await connection.OpenAsync();
            });

            // The engine left the cluster while the database was still up: its membership row says Dead.
            await database.StartAgainAsync();
            await using var check = new NpgsqlConnection(database.ConnectionString);
            await check.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT Status FROM OrleansMembershipTable WHERE Port = @port", check);
            command.Parameters.AddWithValue("port", script.SiloPort);
            Assert.Equal(Cluster.Dead, (int?)await command.ExecuteScalarAsync());
        }
    }
}
