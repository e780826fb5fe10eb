using System.Reflection;
using DbUp;
using DbUp.Engine.Output;
using Npgsql;

namespace CaseEngine.Db;

/// <summary>
/// Brings a PostgreSQL database to the engine's schema: the tables and statements Orleans' ADO.NET providers use
/// (clustering, grain state, reminders) and the engine's read side. Scripts are numbered, embedded in this assembly,
/// and recorded in <c>schema_migrations</c> once applied, so running the migrator again applies only what is new.
/// Silos starting together serialise on an advisory lock.
/// </summary>
public static class DatabaseMigrator
{
    // Any fixed number: the key of the advisory lock migrations hold.
    private const long MigrationLockKey = 0x43_61_73_65_45_6e_67;

    /// <summary>Names of the scripts this build knows, in the order they apply.</summary>
    public static IReadOnlyList<string> Scripts { get; } =
    [
        .. typeof(DatabaseMigrator).Assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Applies the scripts not yet applied; returns their names.</summary>
    /// <exception cref="MigrationException">A script failed; nothing of that script was kept.</exception>
    public static Task<IReadOnlyList<string>> MigrateAsync(string connectionString, CancellationToken cancellationToken = default) =>
        MigrateAsync(connectionString, upTo: null, cancellationToken);

    /// <summary>
    /// Applies the scripts not yet applied, up to the one whose name starts with <paramref name="upTo"/> (such as
    /// <c>"0010"</c>) when given; returns their names.
    /// </summary>
    /// <exception cref="MigrationException">A script failed; nothing of that script was kept.</exception>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, string? upTo, CancellationToken cancellationToken = default)
    {
        await using var lockConnection = new NpgsqlConnection(connectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", MigrationLockKey);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var result = DeployChanges.To
                .PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.EndsWith(".sql", StringComparison.Ordinal) && Applies(name, upTo))
                .JournalToPostgresqlTable("public", "schema_migrations")
                .WithTransactionPerScript()
                .WithVariablesDisabled()
                .LogTo(new NoOpUpgradeLog())
                .Build()
                .PerformUpgrade();
            return result.Successful
                ? [.. result.Scripts.Select(s => s.Name)]
                : throw new MigrationException(result.ErrorScript?.Name ?? "(unknown)", result.Error);
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            release.Parameters.AddWithValue("key", MigrationLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    // Script names are the assembly's resource names: "CaseEngine.Db.Migrations.0011_….sql".
    private static bool Applies(string name, string? upTo)
    {
        const string Folder = ".Migrations.";
        var script = name[(name.LastIndexOf(Folder, StringComparison.Ordinal) + Folder.Length)..];
        return upTo is null || string.CompareOrdinal(script, upTo) <= 0 || script.StartsWith(upTo, StringComparison.Ordinal);
    }
}

/// <summary>A migration script failed.</summary>
public sealed class MigrationException(string script, Exception? inner)
    : Exception($"migration {script} failed: {inner?.Message}", inner)
{
    /// <summary>The script that failed.</summary>
    public string Script { get; } = script;
}
