using System.Diagnostics;
using CaseEngine.Db;

namespace CaseEngine.Tests.Support;

/// <summary>
/// A PostgreSQL server of a test's own (Debian's postgresql-15 through <c>db/postgres.sh</c>, data in a temporary
/// folder, a free loopback port), which the test may restart and stop under load without touching the shared test
/// server. Stopped and deleted on dispose.
/// </summary>
public sealed class OwnPostgres : IAsyncDisposable
{
    private readonly string _data;
    private readonly int _port;

    private OwnPostgres(string data, int port)
    {
        _data = data;
        _port = port;
    }

    /// <summary>Connection string of the engine's role to its database, once started.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The server whose data is (or will be) in <paramref name="data"/>, listening on <paramref name="port"/>; not started.</summary>
    public static OwnPostgres InFolder(string data, int port) => new(data, port);

    /// <summary>A new folder for a server's data, under the temporary folder.</summary>
    public static string NewFolder() => Path.Combine(Path.GetTempPath(), $"caseengine-pg-{Guid.NewGuid():N}");

    /// <summary>Initialises, starts and migrates a new server.</summary>
    public static async Task<OwnPostgres> StartAsync()
    {
        var server = new OwnPostgres(NewFolder(), EngineProcess.FreePort());
        await server.StartAgainAsync();
        await DatabaseMigrator.MigrateAsync(server.ConnectionString);
        return server;
    }

    /// <summary>Stops the server at once (<c>pg_ctl stop -m fast</c>: sessions are ended, as a restart does).</summary>
    public Task StopAsync() => ScriptAsync("stop", _data);

    /// <summary>Starts the server (again) on its port, initialising it first if its folder is new.</summary>
    public async Task StartAgainAsync() =>
        ConnectionString = (await ScriptAsync("start", _data, _port.ToString(System.Globalization.CultureInfo.InvariantCulture))).Trim();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static async Task<string> ScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "db", "postgres.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"db/postgres.sh {string.Join(' ', arguments)} exited with {process.ExitCode}: {await errors}");
    }
}
