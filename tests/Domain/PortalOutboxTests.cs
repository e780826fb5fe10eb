using CaseEngine.Api.Portals;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Portals;
using CaseEngine.Silo;
using Microsoft.Extensions.Configuration;
using CaseEngine.Storage;

namespace CaseEngine.Tests.Domain;

/// <summary>The outbox's order rules and the dispatcher's backoff, without a database; and the portals' settings.</summary>
public sealed class PortalOutboxTests
{
    private static readonly DateTimeOffset T0 = DossierDeciderHarness.Tuesday0900;
    private static readonly DossierContext Context = DossierDeciderHarness.Context(OfficeLevel.Commune, fastTrack: false);

    // What the memory storage does with a write: the projection's portal updates go to the outbox.
    private static void Record(InMemoryPortalOutbox outbox, DossierState previous, DossierState next) =>
        outbox.Apply(DossierProjection.Project(previous, [], next));

    private static DossierState Online() => DossierDeciderHarness.Open(Context, T0, asDraft: true, channel: Channel.NationalPortal);

    [Fact]
    public async Task StatusChangesOfAPortalDossier_AreQueuedInOrder_AndOnlyEachDossiersOldestIsDue()
    {
        var outbox = new InMemoryPortalOutbox();
        var draft = Online();
        Record(outbox, DossierState.Empty, draft);
        var received = DossierDeciderHarness.Do(draft, Context, DossierAction.Receive, T0.AddMinutes(5));
        Record(outbox, draft, received);
        var forwarded = DossierDeciderHarness.Do(received, Context, DossierAction.Forward, T0.AddMinutes(10));
        Record(outbox, received, forwarded);
        var ticked = DossierDeciderHarness.Tick(forwarded, T0.AddDays(30));
        Record(outbox, forwarded, ticked);

        var first = Assert.Single(await outbox.DueAsync(Channel.NationalPortal, T0.AddHours(1), 10));
        await outbox.MarkFailedAsync(first.Id, "503", T0.AddHours(2));
        var whileWaiting = await outbox.DueAsync(Channel.NationalPortal, T0.AddHours(1), 10);
        var retried = Assert.Single(await outbox.DueAsync(Channel.NationalPortal, T0.AddHours(2), 10));
        await outbox.MarkDeliveredAsync(retried.Id, T0.AddHours(2));
        var second = Assert.Single(await outbox.DueAsync(Channel.NationalPortal, T0.AddHours(2), 10));

        Assert.Equal((DossierStatus.Received, 2, 0), (first.Status, first.Sequence, first.Attempts));
        Assert.Empty(whileWaiting);
        Assert.Equal((first.Id, 1, "503"), (retried.Id, retried.Attempts, retried.LastError));
        Assert.Equal((DossierStatus.InProcessing, 3), (second.Status, second.Sequence));
        Assert.Equal($"{draft.Code}/3", second.IdempotencyKey);
        Assert.Equal(new OutboxCounts(1, 0, second.At), await outbox.CountAsync(Channel.NationalPortal)); // deadline events change no status
        Assert.Empty(await outbox.DueAsync(Channel.CityPortal, T0.AddHours(2), 10));
    }

    [Fact]
    public async Task ARefusedUpdate_HoldsBackItsDossier_UntilRetried()
    {
        var outbox = new InMemoryPortalOutbox();
        var draft = Online();
        var received = DossierDeciderHarness.Do(draft, Context, DossierAction.Receive, T0);
        var forwarded = DossierDeciderHarness.Do(received, Context, DossierAction.Forward, T0);
        Record(outbox, DossierState.Empty, forwarded);

        var head = Assert.Single(await outbox.DueAsync(Channel.NationalPortal, T0, 10));
        await outbox.MarkDeadAsync(head.Id, "400", T0);
        var held = await outbox.DueAsync(Channel.NationalPortal, T0.AddDays(1), 10);
        var dead = Assert.Single(await outbox.DeadAsync(Channel.NationalPortal));

        Assert.Empty(held);
        Assert.Equal(T0, dead.DeadAt);
        Assert.False(await outbox.RetryAsync(Channel.CityPortal, head.Id));
        Assert.True(await outbox.RetryAsync(Channel.NationalPortal, head.Id));
        Assert.Equal(head.Id, Assert.Single(await outbox.DueAsync(Channel.NationalPortal, T0, 10)).Id);
    }

    [Fact]
    public async Task ACounterDossier_QueuesNothing()
    {
        var outbox = new InMemoryPortalOutbox();
        var received = DossierDeciderHarness.Open(Context, T0);

        Record(outbox, DossierState.Empty, received);

        Assert.Equal(new OutboxCounts(0, 0, null), await outbox.CountAsync(Channel.NationalPortal));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(5, 32)]
    [InlineData(8, 300)]
    [InlineData(9, 300)]
    [InlineData(1000, 300)]
    public void Retries_BackOffFromTwoSecondsToFiveMinutes(int attempts, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), CaseEngine.Grains.PortalDispatcherGrain.Backoff(attempts));
    }

    [Theory]
    [InlineData("CaseEngine:Portals:National:BaseAddress", "dichvucong.gov.vn", "National:BaseAddress")]
    [InlineData("CaseEngine:Portals:City:BaseAddress", "ftp://dichvucong.hanoi.gov.vn/", "City:BaseAddress")]
    [InlineData("CaseEngine:Portals:City:ClientId", "portal.dvcqg", "ClientId")]
    [InlineData("CaseEngine:Portals:TimeoutSeconds", "0", "TimeoutSeconds")]
    public void BadPortalSettings_StopTheStart(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var error = Assert.Throws<EngineStartupException>(() => new PortalsSettingsValidator().Read(configuration));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PortalSettings_DefaultToNoAddress_AndTheirOwnClients()
    {
        var settings = new PortalsSettingsValidator().Read(new ConfigurationBuilder().AddInMemoryCollection(
            [new("CaseEngine:Portals:National:BaseAddress", "https://api.dichvucong.gov.vn/lgsp")]).Build());

        Assert.Equal("https://api.dichvucong.gov.vn/lgsp/", settings.National.Address?.AbsoluteUri);
        Assert.Null(settings.City.Address);
        Assert.Equal(("portal.dvcqg", "portal.hanoi"), (settings.National.ClientId, settings.City.ClientId));
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Timeout);
    }
}
