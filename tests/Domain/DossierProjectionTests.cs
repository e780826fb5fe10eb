using CaseEngine.Domain.Dossiers;

namespace CaseEngine.Tests.Domain;

/// <summary>The citizen's rating as a decided step, and what a write's projection carries to the read side, the outbox and the boards.</summary>
public sealed class DossierProjectionTests
{
    private static readonly DossierContext Context = DossierDeciderHarness.Context();
    private static readonly DateTimeOffset T0 = DossierDeciderHarness.Tuesday0900;

    private static DossierState Returned()
    {
        var state = DossierDeciderHarness.Open(Context, T0);
        foreach (var action in new[] { DossierAction.Forward, DossierAction.SubmitForSignature, DossierAction.ApproveResult, DossierAction.ReturnResult })
        {
            state = DossierDeciderHarness.Do(state, Context, action, T0.AddMinutes(30));
        }

        return state;
    }

    [Fact]
    public void Rating_IsAStepOfTheHistory_WithTheCitizensAudit_AndReachesTheRowButNotTheBoards()
    {
        var returned = Returned();
        var audit = new AuditContext("Citizen", returned.OfficeCode, "203.0.113.7");
        var events = CitizenRules.Rate(returned, Satisfaction.Neutral, "Nhanh", T0.AddHours(2), audit);
        var rated = DossierDecider.Evolve(returned, events);
        var write = DossierProjection.Project(returned, events, rated);

        var step = Assert.Single(rated.History.Skip(returned.History.Count));
        Assert.Equal(
            (StepKind.Rated, CitizenRules.CitizenActor, DossierStatus.Returned, DossierStatus.Returned, audit),
            (step.Kind, step.Actor, step.From, step.To, step.Audit));
        Assert.Equal("Công dân đánh giá mức độ hài lòng", StepNames.Vietnamese(step.Kind));
        Assert.DoesNotContain(CitizenRules.CitizenActor, rated.Rating!.Officers);
        Assert.Equal((Satisfaction.Neutral, T0.AddHours(2), rated.History.Count), (write.Row.Satisfaction!.Value, write.Row.RatedAt!.Value, write.Row.HistoryLength));
        Assert.False(write.NotifyBoard);
        Assert.Empty(write.PortalUpdates);
        Assert.Throws<RuleViolationException>(() => CitizenRules.Rate(rated, Satisfaction.Satisfied, null, T0.AddHours(3)));
    }

    [Fact]
    public void Row_TakesTheReceptionStep_AndTheCreatingRequestsKey()
    {
        var command = DossierDeciderHarness.OpenCommand(Context) with { IdempotencyKey = "k-1", AsDraft = true };
        var code = DossierDeciderHarness.CodeFor(Context, T0);
        var draftEvents = DossierDecider.Decide(DossierState.Empty, code, command, Context, T0);
        var draft = DossierDecider.Evolve(DossierState.Empty, draftEvents);
        var received = DossierDeciderHarness.Do(draft, Context, new DossierCommand { Action = DossierAction.Receive, Actor = "cb.an", Consent = ConsentMethod.Signature }, T0.AddMinutes(5));

        var draftRow = DossierProjection.Project(DossierState.Empty, draftEvents, draft).Row;
        var receivedRow = DossierProjection.RowOf(received);

        Assert.Equal(("k-1", (DateTimeOffset?)null), (draftRow.CreationKey, draftRow.ReceivedAt));
        Assert.Equal(("k-1", T0.AddMinutes(5), "cb.an"), (receivedRow.CreationKey, receivedRow.ReceivedAt!.Value, receivedRow.ReceivedBy));
        Assert.Equal(received.Reception, received.History[1]);
        Assert.Equal(received.Sla!.Deadline, receivedRow.Deadline);
    }
}
