using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Validation;

namespace CaseEngine.Domain.Dossiers;

/// <summary>A step a user may take on a dossier now, as the page shows it and the API takes it.</summary>
/// <param name="Action">The step.</param>
/// <param name="Label">The button's label in Vietnamese (<see cref="StepNames.Button"/>).</param>
/// <param name="Method">The HTTP method of the endpoint that takes it.</param>
/// <param name="Href">The endpoint's address.</param>
/// <param name="Inputs">What the step asks for, each with its label (<see cref="StepInputs"/>).</param>
public sealed record ActionOffer(DossierAction Action, string Label, string Method, string Href, IReadOnlyList<StepInput> Inputs);

/// <summary>How a user enters a new dossier at an office: received at once, or saved as a draft.</summary>
/// <param name="AsDraft">Whether it is saved as a draft awaiting acceptance at the counter.</param>
/// <param name="Label">The submit button's label in Vietnamese.</param>
/// <param name="Method">The HTTP method of the endpoint that takes it.</param>
/// <param name="Href">The endpoint's address.</param>
public sealed record EntryOffer(bool AsDraft, string Label, string Method, string Href);

/// <summary>What the offers of a dossier depend on.</summary>
/// <param name="Code">The dossier's code.</param>
/// <param name="OfficeCode">Its office.</param>
/// <param name="Available">The steps it allows now (<see cref="DossierDecider.Available"/>).</param>
/// <param name="ConsentNeeded">Whether receiving it still needs the citizen's consent (<see cref="DossierDecider.ConsentNeededToReceive"/>).</param>
/// <param name="OfficeOffset">The office's offset from UTC now, for the day and time a step asks for.</param>
public sealed record OfferBasis(string Code, string OfficeCode, IReadOnlyList<DossierAction> Available, bool ConsentNeeded, TimeSpan OfficeOffset)
{
    /// <summary>The basis of <paramref name="state"/> at <paramref name="now"/>, for an office whose offset is <paramref name="officeOffset"/>.</summary>
    public static OfferBasis Of(DossierState state, DateTimeOffset now, TimeSpan officeOffset) =>
        new(state.Code, state.OfficeCode, DossierDecider.Available(state, now), DossierDecider.ConsentNeededToReceive(state.Channel, state.Consent), officeOffset);
}

/// <summary>
/// The server's answer to "what may I do now?": for a dossier and a user's role and office, the steps the dossier
/// allows (its status and its own rules) that the role may take (<see cref="Permissions"/>), each with its label, the
/// endpoint that takes it and what it asks for. The page renders these and decides nothing itself.
/// </summary>
public static class ActionOffers
{
    /// <summary>The address of the dossiers' endpoints; a dossier's steps are posted to <c>{this}/{code}/{path}</c>.</summary>
    public const string DossiersPath = "/api/dossiers";

    /// <summary>The address of an office's dossiers; new ones are posted here, drafts to <c>{this}/drafts</c>.</summary>
    public const string OfficeDossiersPath = "/api/offices/{officeCode}/dossiers";

    /// <summary>The last segment of the address of drafts.</summary>
    public const string DraftsPath = "drafts";

    private const string Post = "POST";

    /// <summary>The last segment of the address of the endpoint that takes <paramref name="action"/>.</summary>
    public static string PathOf(DossierAction action) => action switch
    {
        DossierAction.Receive => "receive",
        DossierAction.Refuse => "refuse",
        DossierAction.Forward => "forward",
        DossierAction.SubmitForSignature => "submit-for-signature",
        DossierAction.ApproveResult => "approve",
        DossierAction.ReturnResult => "return",
        DossierAction.RequestSupplement => "request-supplement",
        DossierAction.ResubmitSupplement => "resubmit-supplement",
        DossierAction.RequirePayment => "require-payment",
        DossierAction.ConfirmPayment => "confirm-payment",
        DossierAction.Withdraw => "withdraw",
        DossierAction.Stop => "stop",
        DossierAction.IssueApology => "apology",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown action."),
    };

    /// <summary>The address of the endpoint that takes <paramref name="action"/> on the dossier <paramref name="code"/>.</summary>
    public static string Href(string code, DossierAction action) => $"{DossiersPath}/{Uri.EscapeDataString(code)}/{PathOf(action)}";

    /// <summary>
    /// The steps a user of <paramref name="role"/> at <paramref name="userOffice"/> (of every office when
    /// <paramref name="districtWide"/>) may take on the dossier now; none for a dossier of an office they do not reach.
    /// </summary>
    public static IReadOnlyList<ActionOffer> For(OfferBasis dossier, Role role, string userOffice, bool districtWide)
    {
        if (!Permissions.Reaches(userOffice, districtWide, dossier.OfficeCode))
        {
            return [];
        }

        return
        [
            .. dossier.Available
                .Where(action => Permissions.For(action).Contains(role))
                .Select(action => new ActionOffer(action, StepNames.Button(action), Post, Href(dossier.Code, action), InputsOf(action, dossier))),
        ];
    }

    /// <summary>How a user of <paramref name="role"/> enters a new dossier at <paramref name="officeCode"/>; null when they may not.</summary>
    public static EntryOffer? Entry(string officeCode, Role role)
    {
        var path = OfficeDossiersPath.Replace("{officeCode}", Uri.EscapeDataString(officeCode), StringComparison.Ordinal);
        return Permissions.Receivers.Contains(role) ? new EntryOffer(AsDraft: false, "Tiếp nhận hồ sơ", Post, path)
            : Permissions.DraftEntrants.Contains(role) ? new EntryOffer(AsDraft: true, "Lưu hồ sơ chờ tiếp nhận", Post, $"{path}/{DraftsPath}")
            : null;
    }

    // The consent is asked for, and then needed, only while the draft lacks it; a day and time carries the office's offset.
    private static IReadOnlyList<StepInput> InputsOf(DossierAction action, OfferBasis dossier) =>
    [
        .. StepInputs.Of(action)
            .Where(input => input.Name != StepInputs.Consent.Name || dossier.ConsentNeeded)
            .Select(input => input.Kind switch
            {
                StepInputKind.Choice when input.Name == StepInputs.Consent.Name => input with { Required = true },
                StepInputKind.DateTime => input with { UtcOffset = Offset(dossier.OfficeOffset) },
                _ => input,
            }),
    ];

    private static string Offset(TimeSpan offset) =>
        $"{(offset < TimeSpan.Zero ? '-' : '+')}{offset.Duration():hh\\:mm}";
}
