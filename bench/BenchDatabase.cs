using Npgsql;

namespace CaseEngine.Bench;

/// <summary>The benchmark's own look at the engine's database: emptying it between runs and reading its settings.</summary>
internal static class BenchDatabase
{
    /// <summary>Empties the engine's grain state, reminders, read side and dead silos, if the tables exist yet.</summary>
    public static async Task EmptyAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("""
            DO $$
            BEGIN
                IF to_regclass('orleansstorage') IS NOT NULL THEN TRUNCATE orleansstorage; END IF;
                IF to_regclass('orleansreminderstable') IS NOT NULL THEN TRUNCATE orleansreminderstable; END IF;
                IF to_regclass('dossier_index') IS NOT NULL THEN TRUNCATE dossier_index; END IF;
                IF to_regclass('orleansmembershiptable') IS NOT NULL THEN DELETE FROM orleansmembershiptable; END IF;
            END
            $$;
            """);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The server's version and the settings that matter for write throughput.</summary>
    public static async Task<IReadOnlyList<(string Name, string Value)>> SettingsAsync(NpgsqlDataSource database)
    {
        string[] names = ["server_version", "synchronous_commit", "fsync", "wal_sync_method", "commit_delay", "shared_buffers", "max_wal_size", "checkpoint_timeout", "max_connections"];
        var settings = new List<(string, string)>();
        await using var connection = await database.OpenConnectionAsync();
        foreach (var name in names)
        {
            await using var command = new NpgsqlCommand("SELECT current_setting(@name)", connection);
            command.Parameters.AddWithValue("name", name);
            settings.Add((name, (string)(await command.ExecuteScalarAsync())!));
        }

        return settings;
    }
}
