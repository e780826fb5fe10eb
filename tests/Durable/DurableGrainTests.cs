using System.Globalization;
using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Grains;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CaseEngine.Tests.Durable;

/// <summary>
/// Dossiers on PostgreSQL: state and the read side survive a restart, a deadline that passed while the engine was down
/// fires within a minute of start-up, a stale write is refused, and a killed silo's reminders fire on the survivor.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class DurableGrainTests : IAsyncLifetime
{
    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);

    private readonly FakeTimeProvider _time = new(TestReferenceData.FastTrackTuesday);
    private readonly string _serviceId = $"durable-{Guid.NewGuid():N}";
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("durable");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private Task<PostgreSqlTestCluster> StartAsync(int silos = 1) => PostgreSqlTestCluster.StartAsync(_database, _time, _serviceId, silos);

    private static async Task<IDossierGrain> OpenFastTrackAsync(IGrainFactory grains, string officeCode = TestReferenceData.District)
    {
        var code = await grains.GetGrain<IOfficeGrain>(officeCode).IssueDossierCodeAsync();
        var grain = grains.GetGrain<IDossierGrain>(code);
        var procedure = TestReferenceData.FastTrackProcedure(officeCode == TestReferenceData.District ? OfficeLevel.District : OfficeLevel.Commune);
        await grain.OpenAsync(new OpenDossier
        {
            Consent = ConsentMethod.Signature,
            OfficeCode = officeCode,
            ProcedureCode = procedure.Code,
            Applicant = new Applicant { FullName = "Lê Thị Hoa" },
            Form = SampleForm.For(procedure),
            Actor = "cb.tiepnhan",
        });
        return grain;
    }

    private static DossierCommand Forward => new() { Action = DossierAction.Forward, Actor = "cb.tiepnhan", To = "cv.tuphap" };

    [Fact]
    public async Task StateAndReadSide_SurviveARestart()
    {
        string code;
        IReadOnlyList<HistoryEntry> before;
        await using (var first = await StartAsync())
        {
            var dossier = await OpenFastTrackAsync(first.Grains);
            await dossier.ActAsync(Forward);
            code = dossier.GetPrimaryKeyString();
            before = await dossier.GetHistoryAsync();
        }

        await using var second = await StartAsync();
        var again = second.Grains.GetGrain<IDossierGrain>(code);
        var view = (await again.GetAsync())!;
        Assert.Equal(DossierStatus.InProcessing, view.Status);
        Assert.Equal("cv.tuphap", view.Holder);
        Assert.Equal(before, await again.GetHistoryAsync());

        var signed = await again.ActAsync(new DossierCommand { Action = DossierAction.SubmitForSignature, Actor = "cv.tuphap", To = "ld.ubnd" });
        Assert.Equal(DossierStatus.AwaitingSignature, signed.Status);
        Assert.Equal((short)DossierStatus.AwaitingSignature, await _database.ScalarAsync<short>("SELECT status FROM dossier_index WHERE code = @code", ("code", code)));
        Assert.Equal(4, await _database.ScalarAsync<int>("SELECT history_length FROM dossier_index WHERE code = @code", ("code", code)));

        // Codes continue after the block the stored sequence reserved instead of starting again at 0001.
        var next = await second.Grains.GetGrain<IOfficeGrain>(TestReferenceData.District).IssueDossierCodeAsync();
        Assert.Equal(int.Parse(code[^4..], CultureInfo.InvariantCulture) + OfficeGrain.CodeBlock, int.Parse(next[^4..], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ADeadlineThatPassedWhileDown_FiresWithinAMinuteOfStartUp()
    {
        // Received Tuesday 09:00 with 120 working minutes: nearly late 10:30, due 11:00.
        string code;
        await using (var first = await StartAsync())
        {
            code = (await OpenFastTrackAsync(first.Grains)).GetPrimaryKeyString();
        }

        _time.SetUtcNow(new DateTimeOffset(2022, 9, 13, 11, 30, 0, Hanoi));
        await using var second = await StartAsync();
        var restartedAt = _time.GetUtcNow();

        // Nothing calls the dossier: only its stored reminder can bring it back. Move the clock in 5-second steps.
        var fired = false;
        while (!fired && _time.GetUtcNow() - restartedAt <= TimeSpan.FromSeconds(65))
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            fired = await EventuallyStoredAsync(code, "\"Kind\":\"Due\"", TimeSpan.FromMilliseconds(400));
        }

        Assert.True(fired, "the missed Due event did not fire within a minute of start-up");
        var history = await second.Grains.GetGrain<IDossierGrain>(code).GetHistoryAsync();
        Assert.Equal([DeadlineEvent.NearlyLate, DeadlineEvent.Due], history.Where(h => h.Kind.Type == StepType.Deadline).Select(h => h.Kind.Deadline));
    }

    [Fact]
    public async Task AStaleWrite_IsRefusedWithAConflict_AndTheNextCallReadsTheStoredState()
    {
        await using var cluster = await StartAsync();
        var dossier = await OpenFastTrackAsync(cluster.Grains);
        var code = dossier.GetPrimaryKeyString();

        // Another writer moves the stored version on behind this activation's back.
        Assert.Equal(1, await _database.ExecuteAsync(
            "UPDATE OrleansStorage SET Version = Version + 1 WHERE GrainTypeString = 'dossier' AND GrainIdExtensionString = @code", ("code", code)));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => dossier.ActAsync(Forward));

        var retried = await dossier.ActAsync(Forward);
        Assert.Equal(DossierStatus.InProcessing, retried.Status);
        var history = await dossier.GetHistoryAsync();
        Assert.Single(history, h => h.Kind.Action == DossierAction.Forward);
        Assert.Equal(3, await _database.ScalarAsync<int>("SELECT history_length FROM dossier_index WHERE code = @code", ("code", code)));
    }

    [Fact]
    public async Task AKilledSilosDossiers_ReactivateOnTheSurvivor_AndTheirRemindersFire()
    {
        await using var cluster = await StartAsync(silos: 2);
        var codes = new List<string>();
        for (var i = 0; i < 24; i++)
        {
            codes.Add((await OpenFastTrackAsync(cluster.Grains, i % 2 == 0 ? TestReferenceData.District : "00526")).GetPrimaryKeyString());
        }

        var victim = cluster.Cluster.Silos[1];
        await cluster.Cluster.KillSiloAsync(victim);

        // Past the due time of every dossier; the survivor takes over the dead silo's share of the reminders.
        _time.SetUtcNow(new DateTimeOffset(2022, 9, 13, 11, 5, 0, Hanoi));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var pending = codes.ToHashSet();
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            _time.Advance(TimeSpan.FromSeconds(20));
            foreach (var code in pending.ToList())
            {
                if (await EventuallyStoredAsync(code, "\"Kind\":\"Due\"", TimeSpan.Zero))
                {
                    pending.Remove(code);
                }
            }
        }

        Assert.Empty(pending);
        foreach (var code in codes)
        {
            var view = (await cluster.Grains.GetGrain<IDossierGrain>(code).GetAsync())!;
            Assert.Equal(Bucket.Late, view.Bucket);
        }
    }

    /// <summary>Whether the stored state of <paramref name="code"/> contains <paramref name="fragment"/> within <paramref name="wait"/>.</summary>
    private async Task<bool> EventuallyStoredAsync(string code, string fragment, TimeSpan wait)
    {
        var until = DateTime.UtcNow + wait;
        while (true)
        {
            var stored = await _database.ScalarAsync<string>(
                "SELECT convert_from(PayloadBinary, 'UTF8') FROM OrleansStorage WHERE GrainTypeString = 'dossier' AND GrainIdExtensionString = @code",
                ("code", code));
            if (stored?.Contains(fragment, StringComparison.Ordinal) == true)
            {
                return true;
            }

            if (DateTime.UtcNow >= until)
            {
                return false;
            }

            await Task.Delay(50);
        }
    }
}

/// <summary>Durable tests share the machine's two cores with real PostgreSQL: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DurableCollection
{
    public const string Name = "durable";
}
