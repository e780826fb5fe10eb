using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Validation;

namespace CaseEngine.Tests.Domain;

/// <summary>
/// The steps offered to a user: the dossier's own (status and rules) that the user's role may take, at the user's
/// office, each with its Vietnamese label, its endpoint and its inputs; and every step offered is taken.
/// </summary>
public sealed class ActionOffersTests
{
    // A commune fast-track dossier received Tuesday 09:00: nearly late at 10:30, due at 11:00.
    private static readonly DateTimeOffset T0 = DossierDeciderHarness.Tuesday0900;
    private static readonly DateTimeOffset NearlyLate = T0.AddMinutes(90);
    private static readonly TimeSpan Vietnam = DossierDeciderHarness.Vietnam;
    private static readonly string Office = DossierDeciderHarness.CommuneOffice;

    private static DossierContext Context => DossierDeciderHarness.Context();

    private static DossierState Received() => DossierDeciderHarness.Open(Context, T0);

    private static IReadOnlyList<ActionOffer> Offers(DossierState state, DateTimeOffset now, Role role, string? office = null, bool districtWide = false) =>
        ActionOffers.For(OfferBasis.Of(state, now, Vietnam), role, office ?? Office, districtWide);

    private static DossierAction[] ActionsOf(IEnumerable<ActionOffer> offers) => [.. offers.Select(o => o.Action)];

    [Theory]
    [InlineData(Role.CounterOfficer, new[] { DossierAction.Forward, DossierAction.RequestSupplement, DossierAction.RequirePayment, DossierAction.Withdraw })]
    [InlineData(Role.Specialist, new[] { DossierAction.RequestSupplement, DossierAction.RequirePayment })]
    [InlineData(Role.Leader, new[] { DossierAction.Stop })]
    [InlineData(Role.Volunteer, new DossierAction[0])]
    [InlineData(Role.Administrator, new DossierAction[0])]
    [InlineData(Role.PortalClient, new DossierAction[0])]
    public void Offers_OfAReceivedDossier_AreItsStepsThatTheRoleMayTake(Role role, DossierAction[] expected)
    {
        var offers = Offers(Received(), T0.AddMinutes(5), role);

        Assert.Equal(expected, ActionsOf(offers));
        Assert.All(offers, offer => Assert.Contains(role, Permissions.For(offer.Action)));
    }

    [Fact]
    public void EachOffer_CarriesItsVietnameseLabel_ItsEndpoint_AndItsInputs()
    {
        var state = Received();

        var offers = Offers(state, T0.AddMinutes(5), Role.CounterOfficer).ToDictionary(o => o.Action);

        var forward = offers[DossierAction.Forward];
        Assert.Equal("Chuyển xử lý", forward.Label);
        Assert.Equal("POST", forward.Method);
        Assert.Equal($"/api/dossiers/{state.Code}/forward", forward.Href);
        Assert.Equal([("to", "Chuyển cho (tài khoản chuyên viên)", true), ("note", "Ghi chú", false)], forward.Inputs.Select(i => (i.Name, i.Label, i.Required)));
        var supplement = offers[DossierAction.RequestSupplement];
        Assert.Equal("Yêu cầu bổ sung (mẫu 02)", supplement.Label);
        Assert.Equal($"/api/dossiers/{state.Code}/request-supplement", supplement.Href);
        Assert.Equal(["reason"], supplement.Inputs.Where(i => i.Required).Select(i => i.Name));
        Assert.All(offers.Values, offer => Assert.Equal(StepNames.Button(offer.Action), offer.Label));
    }

    [Fact]
    public void Offers_AfterTheFirstSupplement_NoLongerIncludeASupplementRequest()
    {
        var state = DossierDeciderHarness.Do(Received(), Context, DossierAction.RequestSupplement, T0.AddMinutes(10));
        Assert.Equal([DossierAction.ResubmitSupplement, DossierAction.Withdraw], ActionsOf(Offers(state, T0.AddMinutes(15), Role.CounterOfficer)));

        state = DossierDeciderHarness.Do(state, Context, DossierAction.ResubmitSupplement, T0.AddMinutes(20));

        Assert.Equal([DossierAction.Forward, DossierAction.RequirePayment, DossierAction.Withdraw], ActionsOf(Offers(state, T0.AddMinutes(25), Role.CounterOfficer)));
        Assert.Equal([DossierAction.RequirePayment], ActionsOf(Offers(state, T0.AddMinutes(25), Role.Specialist)));
    }

    [Fact]
    public void TheApology_IsOfferedOnceNearlyLate_ToTheLeaderAndTheOfficer_AskingForTheNewAppointmentInOfficeTime()
    {
        var state = Received();
        Assert.DoesNotContain(DossierAction.IssueApology, ActionsOf(Offers(state, NearlyLate.AddMinutes(-1), Role.Leader)));

        var leader = Offers(state, NearlyLate, Role.Leader);
        var officer = Offers(state, NearlyLate, Role.CounterOfficer);

        var apology = Assert.Single(leader, o => o.Action == DossierAction.IssueApology);
        Assert.Contains(DossierAction.IssueApology, ActionsOf(officer));
        Assert.Equal("Xin lỗi, hẹn lại (mẫu 04)", apology.Label);
        Assert.Equal($"/api/dossiers/{state.Code}/apology", apology.Href);
        var appointment = Assert.Single(apology.Inputs, i => i.Kind == StepInputKind.DateTime);
        Assert.Equal(("newAppointment", true, "+07:00"), (appointment.Name, appointment.Required, appointment.UtcOffset));
        var apologised = DossierDeciderHarness.Do(state, Context, DossierAction.IssueApology, NearlyLate.AddMinutes(5));
        Assert.DoesNotContain(DossierAction.IssueApology, ActionsOf(Offers(apologised, NearlyLate.AddMinutes(10), Role.Leader)));
    }

    [Fact]
    public void Offers_OfAnotherOffice_AreNone_UnlessTheUserIsDistrictWide()
    {
        var state = Received();

        Assert.Empty(Offers(state, T0, Role.CounterOfficer, office: DossierDeciderHarness.DistrictOffice));
        Assert.NotEmpty(Offers(state, T0, Role.CounterOfficer, office: DossierDeciderHarness.DistrictOffice, districtWide: true));
    }

    [Fact]
    public void ReceivingADraft_AsksForTheCitizensConsent_OnlyWhileTheDraftLacksIt()
    {
        var command = DossierDeciderHarness.OpenCommand(Context, asDraft: true, actor: DossierDeciderHarness.Volunteer) with { Consent = null };
        var withoutConsent = DossierDecider.Evolve(DossierState.Empty, DossierDecider.Decide(DossierState.Empty, DossierDeciderHarness.CodeFor(Context, T0), command, Context, T0));
        var withConsent = DossierDeciderHarness.Open(Context, T0, asDraft: true, actor: DossierDeciderHarness.Volunteer);

        var asked = Assert.Single(Offers(withoutConsent, T0, Role.CounterOfficer), o => o.Action == DossierAction.Receive);
        var notAsked = Assert.Single(Offers(withConsent, T0, Role.CounterOfficer), o => o.Action == DossierAction.Receive);

        var consent = Assert.Single(asked.Inputs, i => i.Name == "consent");
        Assert.True(consent.Required);
        Assert.Equal([("Signature", "Ký tên"), ("Fingerprint", "Điểm chỉ")], consent.Choices.Select(c => (c.Value, c.Label)));
        Assert.DoesNotContain(notAsked.Inputs, i => i.Name == "consent");
        Assert.Equal([DossierAction.Refuse], ActionsOf(Offers(withoutConsent, T0, Role.Leader)));
    }

    /// <summary>Dossiers at every point of a life, with the instant they are looked at.</summary>
    public static TheoryData<string> Points() => ["draft without consent", "draft", "received", "in processing", "awaiting signature", "supplement", "payment", "ready", "nearly late"];

    private static (DossierState State, DateTimeOffset Now) At(string point)
    {
        var ctx = Context;
        var received = Received();
        var inProcessing = DossierDeciderHarness.Do(received, ctx, DossierAction.Forward, T0.AddMinutes(10));
        var awaiting = DossierDeciderHarness.Do(inProcessing, ctx, DossierAction.SubmitForSignature, T0.AddMinutes(20));
        var draftCommand = DossierDeciderHarness.OpenCommand(ctx, asDraft: true, actor: DossierDeciderHarness.Volunteer) with { Consent = null };
        return point switch
        {
            "draft without consent" => (DossierDecider.Evolve(DossierState.Empty, DossierDecider.Decide(DossierState.Empty, DossierDeciderHarness.CodeFor(ctx, T0), draftCommand, ctx, T0)), T0),
            "draft" => (DossierDeciderHarness.Open(ctx, T0, asDraft: true, actor: DossierDeciderHarness.Volunteer), T0),
            "received" => (received, T0.AddMinutes(5)),
            "in processing" => (inProcessing, T0.AddMinutes(15)),
            "awaiting signature" => (awaiting, T0.AddMinutes(25)),
            "supplement" => (DossierDeciderHarness.Do(inProcessing, ctx, DossierAction.RequestSupplement, T0.AddMinutes(20)), T0.AddMinutes(30)),
            "payment" => (DossierDeciderHarness.Do(inProcessing, ctx, DossierAction.RequirePayment, T0.AddMinutes(20)), T0.AddMinutes(30)),
            "ready" => (DossierDeciderHarness.Do(awaiting, ctx, DossierAction.ApproveResult, T0.AddMinutes(30)), T0.AddMinutes(35)),
            _ => (inProcessing, NearlyLate),
        };
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void EveryStepOffered_WithWhatItAsksFor_PassesItsChecks_AndIsTakenByTheDossier(string point)
    {
        var (state, now) = At(point);
        var offered = 0;

        foreach (var role in Enum.GetValues<Role>())
        {
            foreach (var offer in Offers(state, now, role))
            {
                // What a person types into each input the step asks for.
                var entry = new StepEntry(
                    Note: "Ghi chú",
                    Reason: offer.Inputs.Any(i => i.Name == "reason") ? "Thiếu bản sao giấy khai sinh" : null,
                    To: offer.Inputs.Any(i => i.Name == "to" && i.Required) ? "nguoi.nhan" : null,
                    NewAppointment: offer.Inputs.Any(i => i.Name == "newAppointment") ? now.AddDays(2) : null,
                    Consent: offer.Inputs.Any(i => i.Name == "consent") ? ConsentMethod.Fingerprint : null);
                var errors = new FieldErrors();

                var command = StepInputs.Read(offer.Action, $"{role}.user", entry, errors);

                Assert.False(errors.Any, $"{offer.Action} as {role}: {string.Join(" ", errors.Fields)}");
                Assert.NotEmpty(DossierDecider.Decide(state, command, Context, now));
                offered++;
            }
        }

        Assert.True(offered > 0, point);
    }

    [Fact]
    public void EveryStep_HasARoleThatTakesIt_AndNoneIsTakenByVolunteersAdministratorsOrPortals()
    {
        foreach (var action in Enum.GetValues<DossierAction>())
        {
            Assert.NotEmpty(Permissions.For(action));
            Assert.DoesNotContain(Role.Volunteer, Permissions.For(action));
            Assert.DoesNotContain(Role.Administrator, Permissions.For(action));
            Assert.DoesNotContain(Role.PortalClient, Permissions.For(action));
            Assert.DoesNotMatch("[A-Z][a-z]+[A-Z]", StepNames.Button(action));
        }
    }

    [Theory]
    [InlineData(Role.CounterOfficer, false, "Tiếp nhận hồ sơ", "/api/offices/018/dossiers")]
    [InlineData(Role.Volunteer, true, "Lưu hồ sơ chờ tiếp nhận", "/api/offices/018/dossiers/drafts")]
    public void Entry_ReceivesAtOnceForTheCounter_AndSavesADraftForAVolunteer(Role role, bool asDraft, string label, string href)
    {
        var entry = ActionOffers.Entry("018", role);

        Assert.Equal(new EntryOffer(asDraft, label, "POST", href), entry);
    }

    [Theory]
    [InlineData(Role.Specialist)]
    [InlineData(Role.Leader)]
    [InlineData(Role.Administrator)]
    [InlineData(Role.PortalClient)]
    public void Entry_IsNotOfferedToRolesThatEnterNoDossier(Role role) => Assert.Null(ActionOffers.Entry("018", role));
}
