using CaseEngine.ReadSide;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CaseEngine.Storage;

/// <summary>
/// Listens, on one connection of its own, to the database's notices of dossier changes (channel
/// <see cref="Channel"/>, payload the office code; sent by the read side's trigger when the writing transaction commits,
/// whichever silo wrote) and passes them to this process's listeners through <see cref="DossierChanges"/>. A lost
/// connection is opened again after a pause; since notices sent meanwhile are lost, every listener is then told to
/// read again.
/// </summary>
internal sealed partial class PostgreSqlDossierChangeListener(
    string connectionString, DossierChanges changes, ILogger<PostgreSqlDossierChangeListener> logger) : BackgroundService
{
    /// <summary>The notification channel of migration 0009.</summary>
    public const string Channel = "caseengine_dossier_changed";

    // Between two checks that the connection still answers, when no notice comes.
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan[] Pauses = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)];

    /// <summary>The backend process id of the listening connection, while connected (for tests).</summary>
    public int? BackendProcessId { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Its own unpooled connection: a pooled one would go back to the pool still listening.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "caseengine-board-listener" };
        var failures = 0;
        var connected = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                connection.Notification += (_, notice) => changes.Publish(notice.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                BackendProcessId = connection.ProcessID;
                if (connected || failures > 0)
                {
                    LogReconnected(failures);
                }

                // Whatever changed while no one listened: every board reads again.
                changes.PublishAll();
                connected = true;
                failures = 0;
                while (true)
                {
                    if (!await connection.WaitAsync(Idle, stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                BackendProcessId = null;
                var pause = Pauses[Math.Min(failures, Pauses.Length - 1)];
                failures++;
                // The cause in one line: a database that is away fails the same way at every attempt.
                LogLost(pause.TotalSeconds, $"{e.GetType().Name}: {e.Message}");
                try
                {
                    await Task.Delay(pause, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dossier change notices: connection lost or refused ({Cause}); trying again in {Seconds} s")]
    private partial void LogLost(double seconds, string cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dossier change notices: listening again after {Failures} failed attempt(s)")]
    private partial void LogReconnected(int failures);
}
