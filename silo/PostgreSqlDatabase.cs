using CaseEngine.Db;
using Npgsql;

namespace CaseEngine.Silo;

/// <summary>Start-up checks of the engine's PostgreSQL database.</summary>
public static class PostgreSqlDatabase
{
    /// <summary>
    /// Opens one connection (failing fast with a message that says where it looked and how to start a database)
    /// and, when <paramref name="migrate"/>, applies pending migrations; otherwise checks none are pending.
    /// </summary>
    public static async Task PrepareAsync(string connectionString, bool migrate, CancellationToken cancellationToken = default)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var where = $"{target.Host}:{target.Port} (database {target.Database ?? "?"}, user {target.Username ?? "?"})";
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, Pooling = false }.ConnectionString);
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new EngineStartupException(
                $"cannot reach PostgreSQL at {where}: {OneLine(e)}. Start the local database with ./run.sh, "
                + "point ConnectionStrings__CaseEngine at yours, or set CaseEngine__Storage=Memory for a throwaway demo.", e);
        }

        if (migrate)
        {
            try
            {
                await DatabaseMigrator.MigrateAsync(connectionString, cancellationToken);
            }
            catch (Exception e) when (e is MigrationException or NpgsqlException)
            {
                throw new EngineStartupException($"cannot migrate the database at {where}: {OneLine(e)}", e);
            }
        }
    }

    private static string OneLine(Exception e) =>
        (e.InnerException is { } inner && e is not PostgresException ? $"{e.Message} ({inner.Message})" : e.Message)
            .ReplaceLineEndings(" ").TrimEnd('.');
}
