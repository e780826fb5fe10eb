using CaseEngine.Domain.Dossiers;
using CaseEngine.Grains;
using CaseEngine.Storage;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace CaseEngine.Tests.Durable;

/// <summary>
/// The dossiers' storage with group commit on a real PostgreSQL: writes made at once commit together, each keeps its own
/// optimistic version, and a refused or stale write fails alone.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class DossierStorageTests
{
    private const string ServiceId = "svc";

    [Fact]
    public async Task WritesMadeAtOnce_AllCommit_EachWithItsVersionItsRowAndItsState()
    {
        await using var database = await TestDatabase.CreateAsync("groupcommit");
        await using var writes = Writes(database);
        var storage = Storage(writes);
        var codes = Enumerable.Range(1, 200).Select(i => $"018-220913-{i:0000}").ToList();
        var states = codes.Select(code => new GrainState<DossierRecord>(Projected(code, DossierStatus.Received))).ToList();

        await Task.WhenAll(codes.Select((code, i) => storage.WriteStateAsync(StorageNames.Dossiers, Id(code), states[i])));
        Assert.All(states, state => Assert.Equal("1", state.ETag));
        foreach (var (code, state) in codes.Zip(states))
        {
            state.State = Projected(code, DossierStatus.InProcessing);
        }

        await Task.WhenAll(codes.Select((code, i) => storage.WriteStateAsync(StorageNames.Dossiers, Id(code), states[i])));

        Assert.All(states, state => Assert.Equal("2", state.ETag));
        Assert.Equal(200L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM dossier_index WHERE status = @status AND state_version = 2", ("status", (short)DossierStatus.InProcessing)));
        var read = new GrainState<DossierRecord>();
        await storage.ReadStateAsync(StorageNames.Dossiers, Id(codes[117]), read);
        Assert.Equal((codes[117], DossierStatus.InProcessing, "2", true), (read.State!.Dossier.Code, read.State.Dossier.Status, read.ETag, read.RecordExists));
        Assert.Null(read.State.Write);
    }

    [Fact]
    public async Task AStaleWriteAndARefusedWrite_FailAlone_AndTheWritesBesideThemCommit()
    {
        await using var database = await TestDatabase.CreateAsync("groupfail");
        await using var writes = Writes(database);
        var storage = Storage(writes);
        var codes = Enumerable.Range(1, 40).Select(i => $"018-220913-{i:0000}").ToList();
        var states = codes.Select(code => new GrainState<DossierRecord>(Projected(code, DossierStatus.Received))).ToList();
        await Task.WhenAll(codes.Select((code, i) => storage.WriteStateAsync(StorageNames.Dossiers, Id(code), states[i])));

        foreach (var (code, state) in codes.Zip(states))
        {
            state.State = Projected(code, DossierStatus.InProcessing);
        }

        states[7].ETag = "9";
        // A procedure code longer than the read side's column: the database refuses the write.
        var refused = states[21].State!.Write!;
        states[21].State!.Write = refused with { Row = refused.Row with { ProcedureCode = new string('p', 65) } };
        var made = codes.Select((code, i) => storage.WriteStateAsync(StorageNames.Dossiers, Id(code), states[i])).ToList();
        await Task.WhenAll(made.Select(write => write.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.IsType<InconsistentStateException>(made[7].Exception?.InnerException);
        Assert.IsType<PostgresException>(made[21].Exception?.InnerException);
        Assert.Equal(38, made.Count(write => write.IsCompletedSuccessfully));
        Assert.Equal(38L, await database.ScalarAsync<long>("SELECT count(*) FROM OrleansStorage WHERE Version = 2"));
        Assert.Equal(2L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM dossier_index WHERE status = @status AND state_version = 1", ("status", (short)DossierStatus.Received)));
    }

    [Fact]
    public async Task ARowTheProvidersWriteQueryStored_ReadsTheSame_ASecondCreateIsAConflict_AndAClearNamesItsVersion()
    {
        await using var database = await TestDatabase.CreateAsync("groupread");
        await using var writes = Writes(database);
        var storage = Storage(writes);
        const string Code = "018-220913-0042";

        // As Orleans' ADO.NET provider calls it, with its own hashes.
        await database.ScalarAsync<int?>(
            "SELECT caseengine_write_grain_state(@service, 'dossier', 1, 2, 0, 0, @code, NULL, @payload)",
            ("service", ServiceId), ("code", Code), ("payload", DossierRecordSerializer.Instance.Serialize(Projected(Code, DossierStatus.Received)).ToArray()));

        var read = new GrainState<DossierRecord>();
        await storage.ReadStateAsync(StorageNames.Dossiers, Id(Code), read);
        Assert.Equal((Code, DossierStatus.Received, "1", true), (read.State!.Dossier.Code, read.State.Dossier.Status, read.ETag, read.RecordExists));

        var again = new GrainState<DossierRecord>(Projected(Code, DossierStatus.Stopped));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StorageNames.Dossiers, Id(Code), again));
        Assert.Equal((short)DossierStatus.Received, await database.ScalarAsync<short>("SELECT status FROM dossier_index WHERE code = @code", ("code", Code)));

        // Clearing names the version too; it empties the state and takes the dossier off the read side.
        var stale = new GrainState<DossierRecord>(read.State, "7");
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StorageNames.Dossiers, Id(Code), stale));
        await storage.ClearStateAsync(StorageNames.Dossiers, Id(Code), read);
        Assert.Equal(("2", false), (read.ETag, read.RecordExists));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM dossier_index WHERE code = @code", ("code", Code)));
        var cleared = new GrainState<DossierRecord>();
        await storage.ReadStateAsync(StorageNames.Dossiers, Id(Code), cleared);
        Assert.Equal(("2", false), (cleared.ETag, cleared.RecordExists));

        var missing = new GrainState<DossierRecord>();
        await storage.ReadStateAsync(StorageNames.Dossiers, Id("018-220913-0043"), missing);
        Assert.Equal((false, (string?)null), (missing.RecordExists, missing.ETag));
    }

    [Fact]
    public async Task AClosedStorage_FinishesTheWritesHandedToIt_AndRefusesNewOnes()
    {
        await using var database = await TestDatabase.CreateAsync("groupclose");
        var writes = Writes(database);
        var storage = Storage(writes);
        var codes = Enumerable.Range(1, 50).Select(i => $"018-220913-{i:0000}").ToList();
        var made = codes.Select(code => storage.WriteStateAsync(StorageNames.Dossiers, Id(code), new GrainState<DossierRecord>(Projected(code, DossierStatus.Received)))).ToList();

        await writes.DisposeAsync();

        await Task.WhenAll(made);
        Assert.Equal(50L, await database.ScalarAsync<long>("SELECT count(*) FROM dossier_index"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() =>
            storage.WriteStateAsync(StorageNames.Dossiers, Id("018-220913-0051"), new GrainState<DossierRecord>(Projected("018-220913-0051", DossierStatus.Received))));
    }

    [Fact]
    public async Task Reminders_CommitInTheDossiersGroups_AndReadAsTheRingAsksForThem()
    {
        await using var database = await TestDatabase.CreateAsync("groupreminders");
        await using var writes = Writes(database);
        var storage = Storage(writes);
        var reminders = new PostgreSqlReminderTable(writes, Options.Create(new ClusterOptions { ServiceId = ServiceId }));
        var start = new DateTime(2022, 9, 13, 4, 0, 0, DateTimeKind.Utc);
        var codes = Enumerable.Range(1, 60).Select(i => $"018-220913-{i:0000}").ToList();

        // Dossier writes and reminder registrations made at once, as the dossiers make them.
        var tags = await Task.WhenAll(codes.Select(code => reminders.UpsertRow(new ReminderEntry
        {
            GrainId = Id(code), ReminderName = "deadline", StartAt = start, Period = TimeSpan.FromMinutes(1),
        })));
        await Task.WhenAll(codes.Select(code => storage.WriteStateAsync(StorageNames.Dossiers, Id(code), new GrainState<DossierRecord>(Projected(code, DossierStatus.Received)))));
        Assert.All(tags, tag => Assert.Equal("0", tag));

        var again = await reminders.UpsertRow(new ReminderEntry { GrainId = Id(codes[0]), ReminderName = "deadline", StartAt = start.AddHours(1), Period = TimeSpan.FromMinutes(2) });
        Assert.Equal("1", again);
        var row = await reminders.ReadRow(Id(codes[0]), "deadline");
        Assert.Equal((start.AddHours(1), TimeSpan.FromMinutes(2), "1"), (row!.StartAt, row.Period, row.ETag));
        Assert.Null(await reminders.ReadRow(Id(codes[0]), "other"));
        Assert.Single((await reminders.ReadRows(Id(codes[1]))).Reminders);

        // The ring's ranges, (begin, end], together cover every row exactly once, whether or not a range wraps around.
        uint[] bounds = [0x1000_0000, 0x7000_0000, 0x9000_0000, 0xF000_0000];
        var found = new List<GrainId>();
        for (var i = 0; i < bounds.Length; i++)
        {
            found.AddRange((await reminders.ReadRows(bounds[i], bounds[(i + 1) % bounds.Length])).Reminders.Select(r => r.GrainId));
        }

        Assert.Equal(codes.Select(Id).OrderBy(id => id.ToString()), found.OrderBy(id => id.ToString()));
        var hash = Id(codes[5]).GetUniformHashCode();
        Assert.Contains((await reminders.ReadRows(hash - 1, hash)).Reminders, r => r.GrainId == Id(codes[5]));

        // A removal names the version it read: a stale one removes nothing.
        Assert.False(await reminders.RemoveRow(Id(codes[0]), "deadline", "0"));
        Assert.True(await reminders.RemoveRow(Id(codes[0]), "deadline", "1"));
        Assert.Equal(59L, await database.ScalarAsync<long>("SELECT count(*) FROM OrleansRemindersTable"));
    }

    private static GroupCommit Writes(TestDatabase database) => new(database.ConnectionString, NullLoggerFactory.Instance);

    private static PostgreSqlDossierStorage Storage(GroupCommit writes) => new(writes, Options.Create(new ClusterOptions { ServiceId = ServiceId }));

    private static GrainId Id(string code) => GrainId.Create("dossier", code);

    private static DossierRecord Projected(string code, DossierStatus status) => SampleDossiers.Record(code, status);
}
