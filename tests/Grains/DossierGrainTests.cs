using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.ReadSide;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Grains;

public sealed class DossierGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly Applicant Citizen = new() { FullName = "Nguyễn Thị Bình", Phone = "0912345678" };

    private async Task<DossierView> OpenAsync(string officeCode, Procedure procedure, bool asDraft = false)
    {
        var code = await fixture.Grains.GetGrain<IOfficeGrain>(officeCode).IssueDossierCodeAsync();
        return await fixture.Grains.GetGrain<IDossierGrain>(code).OpenAsync(new OpenDossier
        {
            Consent = ConsentMethod.Signature,
            OfficeCode = officeCode,
            ProcedureCode = procedure.Code,
            Applicant = Citizen,
            Form = SampleForm.For(procedure),
            Actor = asDraft ? "tnv.hoa" : "cb.tiepnhan",
            AsDraft = asDraft,
        });
    }

    [Fact]
    public async Task IssueDossierCode_UnderConcurrency_NeverRepeats()
    {
        var office = fixture.Grains.GetGrain<IOfficeGrain>("00589");
        var codes = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => office.IssueDossierCodeAsync()));

        Assert.Equal(codes.Length, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches(@"^00589-220913-\d{4}$", c));
        var sequences = codes.Select(c => int.Parse(c[^4..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
        Assert.Equal(Enumerable.Range(sequences[0], codes.Length), sequences);
    }

    [Fact]
    public async Task IssueDossierCode_ForUnknownOffice_IsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => fixture.Grains.GetGrain<IOfficeGrain>("99999").IssueDossierCodeAsync());
    }

    [Fact]
    public async Task Open_FastTrackOnTuesdayAtCounter_GetsTwoWorkingHours()
    {
        var view = await OpenAsync(TestReferenceData.District, TestReferenceData.FastTrackProcedure(OfficeLevel.District));

        Assert.Equal(DossierStatus.Received, view.Status);
        Assert.Equal(2, view.NationalStatusCode);
        Assert.Equal(SlaRule.FastTrack, view.Sla!.Rule);
        Assert.Equal(fixture.Time.GetUtcNow().AddHours(2), view.Sla.DueAt);
        Assert.Equal(TimeSpan.FromHours(7), view.Sla.DueAt.Offset);
        Assert.Equal(Bucket.NotYetDue, view.Bucket);
    }

    [Fact]
    public async Task Open_Twice_IsIllegal()
    {
        var view = await OpenAsync(TestReferenceData.Commune, TestReferenceData.FastTrackProcedure(OfficeLevel.Commune));
        var again = new OpenDossier
        {
            Consent = ConsentMethod.Signature,
            OfficeCode = TestReferenceData.Commune,
            ProcedureCode = view.ProcedureCode,
            Applicant = Citizen,
            Form = SampleForm.For(TestReferenceData.Shipped, view.ProcedureCode),
            Actor = "cb",
        };

        var error = await Assert.ThrowsAsync<IllegalTransitionException>(() => fixture.Grains.GetGrain<IDossierGrain>(view.Code).OpenAsync(again));
        Assert.Equal(DossierStatus.Received, error.Current);
    }

    [Fact]
    public async Task Act_OnMissingDossier_IsNotFound()
    {
        var grain = fixture.Grains.GetGrain<IDossierGrain>("018-220913-9999");

        await Assert.ThrowsAsync<NotFoundException>(() => grain.ActAsync(new DossierCommand { Action = DossierAction.Forward, Actor = "cb", To = "x" }));
        Assert.Null(await grain.GetAsync());
    }

    [Fact]
    public async Task Lifecycle_FromVolunteerDraftToReturn_RecordsTheControlSlip()
    {
        var draft = await OpenAsync(TestReferenceData.Commune, TestReferenceData.FastTrackProcedure(OfficeLevel.Commune), asDraft: true);
        var grain = fixture.Grains.GetGrain<IDossierGrain>(draft.Code);
        Assert.Equal(DossierStatus.Draft, draft.Status);
        Assert.Null(draft.Sla);

        await grain.ActAsync(new DossierCommand { Action = DossierAction.Receive, Actor = "cb.tiepnhan", Consent = ConsentMethod.Fingerprint });
        await grain.ActAsync(new DossierCommand { Action = DossierAction.Forward, Actor = "cb.tiepnhan", To = "cc.tuphap" });
        await grain.ActAsync(new DossierCommand { Action = DossierAction.SubmitForSignature, Actor = "cc.tuphap", To = "pct.ubnd" });
        await grain.ActAsync(new DossierCommand { Action = DossierAction.ApproveResult, Actor = "pct.ubnd" });
        var returned = await grain.ActAsync(new DossierCommand { Action = DossierAction.ReturnResult, Actor = "cb.tiepnhan", Note = "Đã trả" });

        Assert.Equal(DossierStatus.Returned, returned.Status);
        Assert.Equal(10, returned.NationalStatusCode);
        Assert.Equal("tnv.hoa", returned.EnteredBy);
        Assert.Equal(Timeliness.Early, returned.Outcome);
        var history = await grain.GetHistoryAsync();
        Assert.Equal(
            [StepKind.Created, .. new[] { DossierAction.Receive, DossierAction.Forward, DossierAction.SubmitForSignature, DossierAction.ApproveResult, DossierAction.ReturnResult }.Select(StepKind.Of)],
            history.Select(h => h.Kind));
        var forward = history.Single(h => h.Kind.Action == DossierAction.Forward);
        Assert.Equal(("cb.tiepnhan", "cc.tuphap"), (forward.HandOverFrom, forward.HandOverTo));
        Assert.Equal(Timeliness.Early, forward.Timeliness);
        Assert.Equal(Citizen.FullName, history[^1].HandOverTo);
    }

    [Fact]
    public async Task ReadSide_ListsAnOfficesDossiersByStatusAndBucket()
    {
        var open = await OpenAsync("00535", TestReferenceData.FastTrackProcedure(OfficeLevel.Commune));
        var draft = await OpenAsync("00535", TestReferenceData.FastTrackProcedure(OfficeLevel.Commune), asDraft: true);
        var now = fixture.Time.GetUtcNow();

        var received = await fixture.Index.ListAsync("00535", new DossierFilter(Status: DossierStatus.Received), now);
        var notYetDue = await fixture.Index.ListAsync("00535", new DossierFilter(Bucket: Bucket.NotYetDue), now);
        var drafts = await fixture.Index.ListAsync("00535", new DossierFilter(Status: DossierStatus.Draft), now);

        Assert.Contains(received, e => e.Code == open.Code && e.Deadline!.DueAt == open.Sla!.DueAt && e.BucketAt(now) == Bucket.NotYetDue
            && e.WorkingMinutesLeftAt(TestReferenceData.Shipped.Offices["00535"].Calendar, now) == 120);
        Assert.Contains(notYetDue, e => e.Code == open.Code);
        Assert.DoesNotContain(notYetDue, e => e.Code == draft.Code);
        Assert.Equal([draft.Code], drafts.Select(d => d.Code));
    }
}
