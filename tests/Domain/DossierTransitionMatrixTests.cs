using CaseEngine.Domain.Dossiers;

namespace CaseEngine.Tests.Domain;

/// <summary>
/// Every status × every action, each status reached by driving real commands through the decider.
/// The expectation tables below are written from docs/domain.md §5, independently of <see cref="DossierTransitions"/>.
/// </summary>
public class DossierTransitionMatrixTests
{
    private static readonly DateTimeOffset T0 = DossierDeciderHarness.Tuesday0900;

    // Pauses are requested from InProcessing, so resuming must lead back there.
    private const DossierStatus PausedFrom = DossierStatus.InProcessing;

    private static readonly DossierStatus[] OpenStatuses =
    [
        DossierStatus.Received, DossierStatus.InProcessing, DossierStatus.AwaitingSignature,
        DossierStatus.SupplementRequested, DossierStatus.PaymentRequired,
    ];

    private static readonly DossierStatus[] Working = [DossierStatus.Received, DossierStatus.InProcessing, DossierStatus.AwaitingSignature];

    /// <summary>Which statuses each action is legal from.</summary>
    private static readonly Dictionary<DossierAction, DossierStatus[]> ExpectedLegalFrom = new()
    {
        [DossierAction.Receive] = [DossierStatus.Draft],
        [DossierAction.Refuse] = [DossierStatus.Draft],
        [DossierAction.Forward] = [DossierStatus.Received],
        [DossierAction.SubmitForSignature] = [DossierStatus.InProcessing],
        [DossierAction.ApproveResult] = [DossierStatus.AwaitingSignature],
        [DossierAction.ReturnResult] = [DossierStatus.ResultReady],
        [DossierAction.RequestSupplement] = Working,
        [DossierAction.ResubmitSupplement] = [DossierStatus.SupplementRequested],
        [DossierAction.RequirePayment] = Working,
        [DossierAction.ConfirmPayment] = [DossierStatus.PaymentRequired],
        [DossierAction.Withdraw] = [DossierStatus.Draft, .. OpenStatuses],
        [DossierAction.Stop] = OpenStatuses,
        [DossierAction.IssueApology] = OpenStatuses,
    };

    private static DossierStatus ExpectedTarget(DossierAction action, DossierStatus from) => action switch
    {
        DossierAction.Receive => DossierStatus.Received,
        DossierAction.Refuse => DossierStatus.RefusedAtReception,
        DossierAction.Forward => DossierStatus.InProcessing,
        DossierAction.SubmitForSignature => DossierStatus.AwaitingSignature,
        DossierAction.ApproveResult => DossierStatus.ResultReady,
        DossierAction.ReturnResult => DossierStatus.Returned,
        DossierAction.RequestSupplement => DossierStatus.SupplementRequested,
        DossierAction.ResubmitSupplement => PausedFrom,
        DossierAction.RequirePayment => DossierStatus.PaymentRequired,
        DossierAction.ConfirmPayment => PausedFrom,
        DossierAction.Withdraw => DossierStatus.Withdrawn,
        DossierAction.Stop => DossierStatus.Stopped,
        DossierAction.IssueApology => from,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static IEnumerable<DossierStatus> Statuses => Enum.GetValues<DossierStatus>().Where(s => s != DossierStatus.None);

    public static TheoryData<DossierStatus, DossierAction> AllPairs
    {
        get
        {
            var data = new TheoryData<DossierStatus, DossierAction>();
            foreach (var status in Statuses)
            {
                foreach (var action in Enum.GetValues<DossierAction>())
                {
                    data.Add(status, action);
                }
            }

            return data;
        }
    }

    public static TheoryData<DossierStatus> AllStatuses => [.. Statuses];

    private static DossierContext Context => DossierDeciderHarness.Context();

    /// <summary>
    /// Drives real commands to reach <paramref name="status"/>. With <paramref name="pauseWhenNearlyLate"/>, a pause
    /// happens after the nearly-late point, so an apology is possible while paused (a paused dossier is judged at its pause).
    /// </summary>
    private static DossierState Reach(DossierStatus status, bool pauseWhenNearlyLate = false)
    {
        var ctx = Context;
        DossierState Step(DossierStatus from, DossierAction action, int minute) =>
            DossierDeciderHarness.Do(Reach(from), ctx, action, T0.AddMinutes(minute));
        DossierState Pause(DossierAction action)
        {
            var running = Reach(PausedFrom);
            var at = pauseWhenNearlyLate ? running.Sla!.Deadline.NearlyLateAt.AddMinutes(5) : T0.AddMinutes(3);
            return DossierDeciderHarness.Do(running, ctx, action, at);
        }

        return status switch
        {
            DossierStatus.Draft => DossierDeciderHarness.Open(ctx, T0, asDraft: true, actor: DossierDeciderHarness.Volunteer),
            DossierStatus.Received => DossierDeciderHarness.Open(ctx, T0),
            DossierStatus.RefusedAtReception => Step(DossierStatus.Draft, DossierAction.Refuse, 1),
            DossierStatus.InProcessing => Step(DossierStatus.Received, DossierAction.Forward, 1),
            DossierStatus.AwaitingSignature => Step(DossierStatus.InProcessing, DossierAction.SubmitForSignature, 2),
            DossierStatus.SupplementRequested => Pause(DossierAction.RequestSupplement),
            DossierStatus.PaymentRequired => Pause(DossierAction.RequirePayment),
            DossierStatus.Withdrawn => Step(DossierStatus.Received, DossierAction.Withdraw, 1),
            DossierStatus.Stopped => Step(DossierStatus.InProcessing, DossierAction.Stop, 2),
            DossierStatus.ResultReady => Step(DossierStatus.AwaitingSignature, DossierAction.ApproveResult, 3),
            DossierStatus.Returned => Step(DossierStatus.ResultReady, DossierAction.ReturnResult, 4),
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
        };
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Action_FromEveryStatus_IsLegalOnlyWhereTheTableSaysAndLandsOnItsTarget(DossierStatus status, DossierAction action)
    {
        var apology = action == DossierAction.IssueApology;
        var state = Reach(status, pauseWhenNearlyLate: apology);
        Assert.Equal(status, state.Status);
        // An apology is only possible once the dossier is nearly late; every other action is issued shortly after reception.
        var now = apology && state.Sla is { } sla ? sla.Deadline.NearlyLateAt.AddMinutes(10) : T0.AddMinutes(10);
        var command = DossierDeciderHarness.ValidCommand(action, now);

        if (!DossierTransitions.IsAllowed(action, status))
        {
            var error = Assert.Throws<IllegalTransitionException>(() => DossierDecider.Decide(state, command, Context, now));
            Assert.Equal(status, error.Current);
            Assert.Equal(state.Code, error.DossierCode);
            Assert.Contains(status.VietnameseName(), error.Message);
            Assert.Contains(state.Code, error.Message);
            return;
        }

        var events = DossierDecider.Decide(state, command, Context, now);

        Assert.NotEmpty(events);
        var next = DossierDecider.Evolve(state, events);
        Assert.Equal(ExpectedTarget(action, status), next.Status);
        Assert.Equal(state.History.Count + events.Count, next.History.Count);
        Assert.Equal(state.History, next.History.Take(state.History.Count)); // append-only: earlier steps never change
        Assert.Equal(StepKind.Of(action), next.History[^1].Kind);
        Assert.Equal(status, next.History[^1].From);
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void IsAllowed_MatchesTheExpectedLegalTable(DossierStatus status, DossierAction action)
    {
        Assert.Equal(ExpectedLegalFrom[action].Contains(status), DossierTransitions.IsAllowed(action, status));
    }

    [Fact]
    public void Forward_WhenSupplementRequested_IsIllegal()
    {
        var state = Reach(DossierStatus.SupplementRequested);
        var now = T0.AddMinutes(10);

        var error = Assert.Throws<IllegalTransitionException>(
            () => DossierDecider.Decide(state, DossierDeciderHarness.ValidCommand(DossierAction.Forward, now), Context, now));

        Assert.Equal(DossierStatus.SupplementRequested, error.Current);
        Assert.Contains("mã trạng thái 5", error.Message);
    }

    [Fact]
    public void ReturnResult_WhenAwaitingSignature_IsIllegal()
    {
        var state = Reach(DossierStatus.AwaitingSignature);
        var now = T0.AddMinutes(10);

        var error = Assert.Throws<IllegalTransitionException>(
            () => DossierDecider.Decide(state, DossierDeciderHarness.ValidCommand(DossierAction.ReturnResult, now), Context, now));

        Assert.Equal(DossierStatus.AwaitingSignature, error.Current);
    }

    [Fact]
    public void Receive_WhenAlreadyReceived_IsIllegal()
    {
        var state = Reach(DossierStatus.Received);
        var now = T0.AddMinutes(10);

        var error = Assert.Throws<IllegalTransitionException>(
            () => DossierDecider.Decide(state, DossierDeciderHarness.ValidCommand(DossierAction.Receive, now), Context, now));

        Assert.Equal(DossierStatus.Received, error.Current);
    }

    [Fact]
    public void LegalTable_FromAndAllowedIn_AgreeWithTheExpectation()
    {
        foreach (var action in Enum.GetValues<DossierAction>())
        {
            Assert.Equal(ExpectedLegalFrom[action].Order(), DossierTransitions.From(action).Order());
        }

        foreach (var status in Statuses)
        {
            var expected = Enum.GetValues<DossierAction>().Where(a => ExpectedLegalFrom[a].Contains(status));
            Assert.Equal(expected, DossierTransitions.AllowedIn(status));
        }

        Assert.Empty(DossierTransitions.AllowedIn(DossierStatus.None));
    }

    [Theory]
    [InlineData(DossierStatus.RefusedAtReception)]
    [InlineData(DossierStatus.Withdrawn)]
    [InlineData(DossierStatus.Stopped)]
    [InlineData(DossierStatus.Returned)]
    public void FinalStatus_AllowsNoAction(DossierStatus status)
    {
        Assert.Empty(DossierTransitions.AllowedIn(status));
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void Create_WhenTheDossierExists_IsIllegal(DossierStatus status)
    {
        var state = Reach(status);
        var ctx = Context;

        var error = Assert.Throws<IllegalTransitionException>(
            () => DossierDecider.Decide(state, state.Code, DossierDeciderHarness.OpenCommand(ctx), ctx, T0.AddMinutes(30)));

        Assert.Equal(status, error.Current);
        Assert.Contains(status.VietnameseName(), error.Message);
    }

    [Theory]
    [InlineData(DossierStatus.Draft, 1)]
    [InlineData(DossierStatus.Received, 2)]
    [InlineData(DossierStatus.RefusedAtReception, 3)]
    [InlineData(DossierStatus.InProcessing, 4)]
    [InlineData(DossierStatus.AwaitingSignature, 4)]
    [InlineData(DossierStatus.SupplementRequested, 5)]
    [InlineData(DossierStatus.PaymentRequired, 6)]
    [InlineData(DossierStatus.Withdrawn, 7)]
    [InlineData(DossierStatus.Stopped, 8)]
    [InlineData(DossierStatus.ResultReady, 9)]
    [InlineData(DossierStatus.Returned, 10)]
    public void NationalCode_MapsEveryStatusToDomainCodes(DossierStatus status, int code)
    {
        Assert.Equal(code, status.NationalCode());
        Assert.False(string.IsNullOrWhiteSpace(status.VietnameseName()));
    }

    [Fact]
    public void NationalCode_CoversEveryStatusAndNoneHasNoCode()
    {
        Assert.Equal(Enumerable.Range(1, 10), Statuses.Select(s => s.NationalCode()).Distinct().Order());
        Assert.Throws<ArgumentOutOfRangeException>(() => DossierStatus.None.NationalCode());
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void StatusFacts_AgreeWithTheLife(DossierStatus status)
    {
        var state = Reach(status);

        Assert.Equal(Working.Contains(status), status.ClockRuns());
        Assert.Equal(status is DossierStatus.SupplementRequested or DossierStatus.PaymentRequired, status.IsPaused());
        Assert.Equal(OpenStatuses.Contains(status), status.IsOpen());
        Assert.Equal(status != DossierStatus.Draft && status != DossierStatus.RefusedAtReception, state.Sla is not null);
    }
}
