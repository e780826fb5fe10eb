using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Domain;

public sealed class ReceptionAndMakeUpDayTests
{
    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);

    [Fact]
    public void MakeUpSaturday_AtASaturdayMorningOffice_IsAFullWorkingDay()
    {
        // 2023-05-06 is a make-up Saturday; Trâu Quỳ (00565) normally works only 08:00–11:30 on Saturdays.
        var calendar = TestReferenceData.Shipped.Offices["00565"].Calendar;

        var due = calendar.AddWorkingMinutes(new DateTimeOffset(2023, 5, 6, 11, 0, 0, Hanoi), 120);

        Assert.Equal(new DateTimeOffset(2023, 5, 6, 14, 0, 0, Hanoi), due);
        Assert.Equal(2, calendar.SessionsOn(new DateOnly(2023, 5, 6)).Count);
        Assert.Single(calendar.SessionsOn(new DateOnly(2023, 5, 13)));
    }

    [Fact]
    public void Receive_OfAVolunteerDraft_IsAHandOverFromTheVolunteer()
    {
        var context = TestReferenceData.Shipped.ContextFor(TestReferenceData.Commune, TestReferenceData.FastTrackProcedure(OfficeLevel.Commune).Code);
        var open = new OpenDossier
        {
            OfficeCode = TestReferenceData.Commune,
            ProcedureCode = context.Procedure.Code,
            Applicant = new Applicant { FullName = "Phạm Văn Giang" },
            Actor = "tnv.hoa",
            AsDraft = true,
        };
        var now = TestReferenceData.FastTrackTuesday;
        var draft = DossierDecider.Evolve(DossierState.Empty, DossierDecider.Decide(DossierState.Empty, "00529-220913-0001", open, context, now));

        var received = DossierDecider.Evolve(draft, DossierDecider.Decide(draft, new DossierCommand { Action = DossierAction.Receive, Actor = "cb.tiepnhan" }, context, now));

        var step = received.History[^1];
        Assert.Equal(("tnv.hoa", "cb.tiepnhan"), (step.HandOverFrom, step.HandOverTo));
    }

    [Fact]
    public void ReceiveAtCounter_IsAHandOverFromTheCitizen()
    {
        var context = TestReferenceData.Shipped.ContextFor(TestReferenceData.District, TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code);
        var open = new OpenDossier
        {
            OfficeCode = TestReferenceData.District,
            ProcedureCode = context.Procedure.Code,
            Applicant = new Applicant { FullName = "Phạm Văn Giang" },
            Actor = "cb.tiepnhan",
        };

        var state = DossierDecider.Evolve(DossierState.Empty, DossierDecider.Decide(DossierState.Empty, "018-220913-0001", open, context, TestReferenceData.FastTrackTuesday));

        Assert.Equal(("Phạm Văn Giang", "cb.tiepnhan"), (state.History[^1].HandOverFrom, state.History[^1].HandOverTo));
    }
}
