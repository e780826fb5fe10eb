using CaseEngine.Domain.Reference;

namespace CaseEngine.Domain.Dossiers;

/// <summary>
/// Which roles may do what, and whose dossiers they reach: the one table both the API's authorization and the steps
/// offered to a user (<see cref="ActionOffers"/>) read.
/// </summary>
public static class Permissions
{
    /// <summary>Roles that read an office's dossiers, lists and counts.</summary>
    public static readonly Role[] Readers = [Role.CounterOfficer, Role.Volunteer, Role.Specialist, Role.Leader, Role.Administrator];

    /// <summary>Roles that receive a dossier handed in at the counter.</summary>
    public static readonly Role[] Receivers = [Role.CounterOfficer];

    /// <summary>Roles that enter a draft.</summary>
    public static readonly Role[] DraftEntrants = [Role.CounterOfficer, Role.Volunteer];

    /// <summary>Roles that may take <paramref name="action"/>.</summary>
    public static Role[] For(DossierAction action) => action switch
    {
        DossierAction.Receive or DossierAction.Forward or DossierAction.ReturnResult or DossierAction.ResubmitSupplement
            or DossierAction.ConfirmPayment or DossierAction.Withdraw => [Role.CounterOfficer],
        DossierAction.SubmitForSignature => [Role.Specialist],
        DossierAction.RequestSupplement or DossierAction.RequirePayment => [Role.CounterOfficer, Role.Specialist],
        DossierAction.ApproveResult or DossierAction.Refuse or DossierAction.Stop => [Role.Leader],
        DossierAction.IssueApology => [Role.Leader, Role.CounterOfficer],
        _ => [],
    };

    /// <summary>
    /// Whether a user of <paramref name="userOffice"/> reaches the dossiers of <paramref name="officeCode"/>: their own
    /// office's, or every office's for a district-wide user.
    /// </summary>
    public static bool Reaches(string userOffice, bool districtWide, string officeCode) => districtWide || userOffice == officeCode;
}
