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
    public async Task ADossiersState_IsStoredInlineAndUncompressed()
    {
        await using var database = await TestDatabase.CreateAsync("inline");
        var state = "{\"History\":[" + string.Join(',', Enumerable.Repeat("{\"Kind\":\"Forward\",\"Actor\":\"cb.tiepnhan\"}", 100)) + "]}";
        await database.ScalarAsync<int>(
            "INSERT INTO orleansstorage (serviceid, graintypestring, graintypehash, grainidhash, grainidn0, grainidn1, payloadbinary, version) "
            + "VALUES ('s', 'office', 1, 1, 1, 1, convert_to(@state, 'UTF8'), 1) RETURNING version",
            ("state", state));

        var stored = await database.ScalarAsync<int>("SELECT pg_column_size(payloadbinary) FROM orleansstorage");

        Assert.InRange(state.Length, 3_000, 8_000);
        Assert.True(stored >= state.Length, $"{state.Length} bytes of state were stored in {stored}: compressed");
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

    [Fact]
    public async Task StateWrites_AreOptimistic_AndTheDossierIndexFollowsThemInTheSameTransaction()
    {
        await using var database = await TestDatabase.CreateAsync("trigger");
        const string Code = "018-220913-0001";
        static string State(int status, int history) =>
            $$$"""{"Code":"{{{Code}}}","OfficeCode":"018","ProcedureCode":"p1","Status":{{{status}}},"Holder":"cb","CreatedAt":"2022-09-13T02:00:00+00:00","Sla":{"Deadline":{"NearlyLateAt":"2022-09-13T10:30:00+07:00","DueAt":"2022-09-13T11:00:00+07:00","OverdueAt":"2022-09-13T16:00:00+07:00"}},"History":[{{{string.Join(",", Enumerable.Repeat("{}", history))}}}]}""";
        Task<int?> WriteAsync(int? expected, string state) => database.ScalarAsync<int?>(
            "SELECT caseengine_write_grain_state('svc', 'dossier', 1, 2, 0, 0, @code, @expected, convert_to(@state, 'UTF8'))",
            ("code", Code), ("expected", (object?)expected ?? DBNull.Value), ("state", state));
        Task<short> IndexedStatusAsync() => database.ScalarAsync<short>("SELECT status FROM dossier_index WHERE code = @code", ("code", Code));

        Assert.Equal(1, await WriteAsync(null, State(2, 2)));
        Assert.Equal(2, await IndexedStatusAsync());
        Assert.Null(await WriteAsync(null, State(9, 9)));
        Assert.Equal(2, await WriteAsync(1, State(4, 3)));
        Assert.Equal(1, await WriteAsync(1, State(9, 9)));
        Assert.Equal(4, await IndexedStatusAsync());
        Assert.Equal(3, await database.ScalarAsync<int>("SELECT history_length FROM dossier_index WHERE code = @code", ("code", Code)));
        Assert.Equal(
            new DateTimeOffset(2022, 9, 13, 4, 0, 0, TimeSpan.Zero),
            await database.ScalarAsync<DateTime>("SELECT due_at FROM dossier_index WHERE code = @code", ("code", Code)));

        await database.ExecuteAsync("UPDATE OrleansStorage SET PayloadBinary = NULL WHERE GrainIdExtensionString = @code", ("code", Code));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM dossier_index"));
        Assert.Equal(3, await WriteAsync(2, State(5, 4)));
        Assert.Equal(5, await IndexedStatusAsync());
        await database.ExecuteAsync("DELETE FROM OrleansStorage WHERE GrainIdExtensionString = @code", ("code", Code));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM dossier_index"));
    }
}
