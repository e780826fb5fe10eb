using CaseEngine.Db;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Grains;
using Npgsql;
using CaseEngine.Tests.Support;
using CaseEngine.Storage;

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
    public async Task StateWrites_AreOptimistic_AndCopyTheirProjection_OnlyWhenTheStateIsWritten()
    {
        await using var database = await TestDatabase.CreateAsync("projection");
        const string Code = "018-220913-0001";
        var due = SampleDossiers.Due;
        DossierRecord Record(DossierStatus status, int steps) => SampleDossiers.Record(Code, status, steps, projected: false);
        DossierRecord Projected(DossierStatus status, int steps) => SampleDossiers.Record(Code, status, steps);

        Task<int?> WriteAsync(int? expected, DossierRecord record) => database.ScalarAsync<int?>(
            "SELECT caseengine_write_grain_state('svc', 'dossier', 1, 2, 0, 0, @code, @expected, @payload)",
            ("code", Code), ("expected", (object?)expected ?? DBNull.Value), ("payload", DossierRecordSerializer.Instance.Serialize(record).ToArray()));
        Task<short> IndexedStatusAsync() => database.ScalarAsync<short>("SELECT status FROM dossier_index WHERE code = @code", ("code", Code));

        Assert.Equal(1, await WriteAsync(null, Projected(DossierStatus.Received, 2)));
        Assert.Equal((short)DossierStatus.Received, await IndexedStatusAsync());
        Assert.Null(await WriteAsync(null, Projected(DossierStatus.Stopped, 9)));
        Assert.Equal(2, await WriteAsync(1, Projected(DossierStatus.InProcessing, 3)));
        Assert.Equal(1, await WriteAsync(1, Projected(DossierStatus.Stopped, 9)));
        Assert.Equal((short)DossierStatus.InProcessing, await IndexedStatusAsync());
        Assert.Equal((3, 2), (
            await database.ScalarAsync<int>("SELECT history_length FROM dossier_index WHERE code = @code", ("code", Code)),
            await database.ScalarAsync<int>("SELECT state_version FROM dossier_index WHERE code = @code", ("code", Code))));
        Assert.Equal(due, await database.ScalarAsync<DateTime>("SELECT due_at FROM dossier_index WHERE code = @code", ("code", Code)));

        // A write without a projection stores the state and leaves the row; the stored payload is the state alone.
        Assert.Equal(3, await WriteAsync(2, Record(DossierStatus.AwaitingSignature, 4)));
        Assert.Equal((short)DossierStatus.InProcessing, await IndexedStatusAsync());
        Assert.Equal(
            JsonStateSerializer.Instance.Serialize(Record(DossierStatus.AwaitingSignature, 4).Dossier).ToArray(),
            await database.ScalarAsync<byte[]>("SELECT PayloadBinary FROM OrleansStorage WHERE GrainIdExtensionString = @code", ("code", Code)));

        // A projection of a format this database does not know is refused with the state.
        var future = Projected(DossierStatus.ResultReady, 5);
        future.Write = future.Write! with { Format = DossierWrite.CurrentFormat + 1 };
        await Assert.ThrowsAsync<PostgresException>(() => WriteAsync(3, future));
        Assert.Equal(3, await database.ScalarAsync<int>("SELECT Version FROM OrleansStorage WHERE GrainIdExtensionString = @code", ("code", Code)));
    }
}
