using CaseEngine.Db;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Durable;

/// <summary>The migrations build the schema once, re-run as no-ops, and define every statement the providers ask for.</summary>
[Collection(DurableCollection.Name)]
public sealed class MigrationTests
{
    // What Orleans' ADO.NET clustering, persistence and reminder providers read from OrleansQuery.
    private static readonly string[] ProviderQueries =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task Migrate_AppliesEveryScriptOnce_AndAgainAppliesNothing()
    {
        await using var database = await TestDatabase.CreateAsync("migrate", migrate: false);

        var first = await DatabaseMigrator.MigrateAsync(database.ConnectionString);
        var second = await DatabaseMigrator.MigrateAsync(database.ConnectionString);

        Assert.Equal(DatabaseMigrator.Scripts, first);
        Assert.True(first.Count >= 5);
        Assert.Empty(second);
        Assert.Equal(first.Count, (int)await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Migrate_FromTwoSilosAtOnce_AppliesEachScriptOnce()
    {
        await using var database = await TestDatabase.CreateAsync("migrate2", migrate: false);

        var runs = await Task.WhenAll(
            DatabaseMigrator.MigrateAsync(database.ConnectionString),
            DatabaseMigrator.MigrateAsync(database.ConnectionString));

        Assert.Equal(DatabaseMigrator.Scripts.Count, runs.Sum(r => r.Count));
        Assert.Equal(DatabaseMigrator.Scripts.Count, (int)await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Migrate_DefinesEveryProviderQuery()
    {
        await using var database = await TestDatabase.CreateAsync("queries");

        foreach (var key in ProviderQueries)
        {
            Assert.True(
                await database.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM OrleansQuery WHERE QueryKey = @key)", ("key", key)),
                $"OrleansQuery has no {key}");
        }
    }
}
