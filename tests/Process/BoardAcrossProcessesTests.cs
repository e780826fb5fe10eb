using CaseEngine.Tests.Support;
using CaseEngine.Tests.Web;

namespace CaseEngine.Tests.Process;

/// <summary>The lobby board of one engine process follows dossiers written by another process of the same cluster.</summary>
[Collection(ProcessCollection.Name)]
public sealed class BoardAcrossProcessesTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("boardcluster");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task BoardStreamOnOneProcess_ShowsADossierReceivedAndAdvancedThroughTheOther()
    {
        await using var a = EngineProcess.Start("A", _database.ConnectionString);
        await using var b = EngineProcess.Start("B", _database.ConnectionString);
        await Task.WhenAll(a.WaitUntilReadyAsync(Cluster.OfSize(2)), b.WaitUntilReadyAsync(Cluster.OfSize(2)));

        using var anonymous = new HttpClient { BaseAddress = a.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        await using var stream = await BoardStream.OpenAsync(anonymous, TestReferenceData.District);
        await stream.NextAsync(_ => true);

        var created = await DossierPath.CreateAsync(b, TestReferenceData.District);
        await stream.NextAsync(board => board.Open.Any(l => l.Code == created.Code), TimeSpan.FromSeconds(30));

        var view = created;
        while (view.Status != CaseEngine.Domain.Dossiers.DossierStatus.ResultReady)
        {
            view = await DossierPath.AdvanceAsync(b, view);
        }

        await stream.NextAsync(board => board.Open.All(l => l.Code != created.Code) && board.Ready.Contains(created.Code), TimeSpan.FromSeconds(30));
    }
}
