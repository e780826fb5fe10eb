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
        await using var storage = Storage(database);
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
        await using var storage = Storage(database);
        var codes = Enumerable.Range(1, 40).Select(i => $"018-220913-{i:0000}").ToList();
        var states = codes.Select(code => new GrainState<DossierRecord>(Projected(code, DossierStatus.Received))).ToList();
        await Task.WhenAll(codes.Select((code, i) => storage.WriteStateAsync(StorageNames.Dossiers, Id(code), states[i])));

        foreach (var (code, state) in codes.Zip(states))
        {
            state.State = Projected(code, DossierStatus.InProcessing);
        }

        states[7].ETag = "9";
        states[21].State!.Write = states[21].State!.Write! with { Format = DossierWrite.CurrentFormat + 1 };
        var writes = codes.Select((code, i) => storage.WriteStateAsync(StorageNames.Dossiers, Id(code), states[i])).ToList();
        await Task.WhenAll(writes.Select(write => write.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.IsType<InconsistentStateException>(writes[7].Exception?.InnerException);
        Assert.IsType<PostgresException>(writes[21].Exception?.InnerException);
        Assert.Equal(38, writes.Count(write => write.IsCompletedSuccessfully));
        Assert.Equal(38L, await database.ScalarAsync<long>("SELECT count(*) FROM OrleansStorage WHERE Version = 2"));
        Assert.Equal(2L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM dossier_index WHERE status = @status AND state_version = 1", ("status", (short)DossierStatus.Received)));
    }

    [Fact]
    public async Task ARowTheProvidersWriteQueryStored_ReadsTheSame_AndASecondCreateIsAConflict()
    {
        await using var database = await TestDatabase.CreateAsync("groupread");
        await using var storage = Storage(database);
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

        var missing = new GrainState<DossierRecord>();
        await storage.ReadStateAsync(StorageNames.Dossiers, Id("018-220913-0043"), missing);
        Assert.Equal((false, (string?)null), (missing.RecordExists, missing.ETag));
    }

    [Fact]
    public async Task AClosedStorage_FinishesTheWritesHandedToIt_AndRefusesNewOnes()
    {
        await using var database = await TestDatabase.CreateAsync("groupclose");
        var storage = Storage(database);
        var codes = Enumerable.Range(1, 50).Select(i => $"018-220913-{i:0000}").ToList();
        var writes = codes.Select(code => storage.WriteStateAsync(StorageNames.Dossiers, Id(code), new GrainState<DossierRecord>(Projected(code, DossierStatus.Received)))).ToList();

        await storage.DisposeAsync();

        await Task.WhenAll(writes);
        Assert.Equal(50L, await database.ScalarAsync<long>("SELECT count(*) FROM dossier_index"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() =>
            storage.WriteStateAsync(StorageNames.Dossiers, Id("018-220913-0051"), new GrainState<DossierRecord>(Projected("018-220913-0051", DossierStatus.Received))));
    }

    private static PostgreSqlDossierStorage Storage(TestDatabase database) => new(
        database.ConnectionString, Options.Create(new ClusterOptions { ServiceId = ServiceId }), NullLoggerFactory.Instance);

    private static GrainId Id(string code) => GrainId.Create("dossier", code);

    private static DossierRecord Projected(string code, DossierStatus status) => SampleDossiers.Record(code, status);
}
