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
        var context = DossierDeciderHarness.Context();
        var now = DossierDeciderHarness.Tuesday0900;
        var draft = DossierDeciderHarness.Open(context, now, asDraft: true, actor: DossierDeciderHarness.Volunteer);

        var received = DossierDeciderHarness.Do(draft, context, DossierAction.Receive, now);

        var step = received.History[^1];
        Assert.Equal((DossierDeciderHarness.Volunteer, DossierDeciderHarness.Officer), (step.HandOverFrom, step.HandOverTo));
    }

    [Fact]
    public void ReceiveAtCounter_IsAHandOverFromTheCitizen()
    {
        var state = DossierDeciderHarness.Open(DossierDeciderHarness.Context(OfficeLevel.District), DossierDeciderHarness.Tuesday0900);

        var step = state.History[^1];
        Assert.Equal((DossierDeciderHarness.Applicant.FullName, DossierDeciderHarness.Officer), (step.HandOverFrom, step.HandOverTo));
    }
}
