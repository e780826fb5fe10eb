using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace CaseEngine.Bench;

/// <summary>
/// The ceiling of the benchmark's PostgreSQL set-up: how many durable one-row UPDATEs of a 1.1 KB row it commits a
/// second with pgbench and 32 clients, each its own transaction, on a table of its own dropped afterwards. An engine
/// transition needs at least one such commit, so the ratio says how far the engine is from what the database allows.
/// </summary>
internal static partial class DatabaseCeiling
{
    public const int Clients = 32;
    public const int RowBytes = 1_100;
    private const int Rows = 10_000;

    /// <summary>Commits a second, or null with the reason pgbench did not run.</summary>
    public static async Task<(double? PerSecond, string? Problem)> MeasureAsync(NpgsqlDataSource database, string connectionString, BenchOptions options)
    {
        if (!File.Exists(options.Pgbench))
        {
            return (null, $"{options.Pgbench} not found");
        }

        await ExecuteAsync(database, $"""
            DROP TABLE IF EXISTS bench_ceiling;
            CREATE TABLE bench_ceiling (id integer PRIMARY KEY, n bigint NOT NULL DEFAULT 0, payload text NOT NULL);
            INSERT INTO bench_ceiling (id, payload) SELECT i, repeat('x', {RowBytes}) FROM generate_series(1, {Rows}) AS i;
            """);
        await ExecuteAsync(database, "VACUUM ANALYZE bench_ceiling");
        var script = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(script, $"\\set id random(1, {Rows})\nUPDATE bench_ceiling SET n = n + 1 WHERE id = :id;\n");
            var connection = new NpgsqlConnectionStringBuilder(connectionString);
            var start = new ProcessStartInfo(options.Pgbench)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "-n", "-M", "prepared", "-c", Clients.ToString(CultureInfo.InvariantCulture), "-j", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
                "-T", options.CeilingSeconds.ToString(CultureInfo.InvariantCulture), "-f", script,
                "-h", connection.Host ?? "127.0.0.1", "-p", connection.Port.ToString(CultureInfo.InvariantCulture),
                "-U", connection.Username ?? "caseengine", connection.Database ?? "caseengine",
            })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["PGPASSWORD"] = connection.Password ?? string.Empty;
            using var pgbench = Process.Start(start)!;
            var output = pgbench.StandardOutput.ReadToEndAsync();
            var errors = pgbench.StandardError.ReadToEndAsync();
            await pgbench.WaitForExitAsync();
            var text = await output;
            return Tps().Match(text) is { Success: true } match
                ? (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), null)
                : (null, $"pgbench exited {pgbench.ExitCode}: {(await errors).Trim()} {text.Trim()}");
        }
        finally
        {
            File.Delete(script);
            await ExecuteAsync(database, "DROP TABLE IF EXISTS bench_ceiling;");
        }
    }

    private static async Task ExecuteAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
