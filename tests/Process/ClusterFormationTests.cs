using System.Net.Http.Json;
using CaseEngine.Contracts;
using CaseEngine.Db;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Process;

[Collection(ProcessCollection.Name)]
public sealed class ClusterFormationTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    // Not migrated: the two engines migrate it themselves, starting together.
    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("cluster", migrate: false);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task TwoProcesses_OnOneDatabase_FormOneClusterAndServeTheSameDossiers()
    {
        await using var a = EngineProcess.Start("A", _database.ConnectionString);
        await using var b = EngineProcess.Start("B", _database.ConnectionString);

        await Task.WhenAll(a.WaitUntilReadyAsync(Cluster.OfSize(2)), b.WaitUntilReadyAsync(Cluster.OfSize(2)));

        Assert.Equal(
            string.Join(',', new[] { a.SiloPort, b.SiloPort }.Order().Select(p => $"{p}:{Cluster.Active}")),
            await Cluster.MembershipAsync(_database));
        Assert.Equal(DatabaseMigrator.Scripts.Count, await _database.ScalarAsync<long>("SELECT count(DISTINCT scriptname) FROM schema_migrations"));
        Assert.Equal(DatabaseMigrator.Scripts.Count, await _database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));

        var created = await DossierPath.CreateAsync(a, TestReferenceData.District);
        var read = await DossierPath.GetAsync(b, created.Code);
        // The record compares its collections by reference: they are compared by content apart.
        Assert.Equal(created with { AllowedActions = read.AllowedActions, Form = read.Form }, read);
        Assert.Equal(created.AllowedActions, read.AllowedActions);
        Assert.NotEmpty(read.Form!);
        Assert.Equal(created.Form, read.Form);

        var view = read;
        while (view.Status != DossierStatus.Returned)
        {
            var before = view.Status;
            view = await DossierPath.AdvanceAsync(b, view);
            Assert.NotEqual(before, view.Status);
        }

        var history = await DossierPath.HistoryAsync(a, created.Code);
        Assert.Equal(DossierPath.Statuses, DossierPath.StatusesOf(history));
        var returned = await a.Http.GetFromJsonAsync<BoardEntry[]>($"/api/offices/{TestReferenceData.District}/dossiers?status=Returned&limit=1000", DossierPath.Json);
        Assert.Equal([created.Code], returned!.Select(d => d.Code));
    }
}
