namespace CaseEngine.Domain.Dossiers;

/// <summary>A step a person asks a dossier to take.</summary>
public enum DossierAction
{
    /// <summary>Accept a draft or online dossier at the counter; the clock starts.</summary>
    Receive,

    /// <summary>Refuse a draft or online dossier at reception, with a reason.</summary>
    Refuse,

    /// <summary>Forward a received dossier to the specialist department.</summary>
    Forward,

    /// <summary>Submit the processed dossier to the leader for signature.</summary>
    SubmitForSignature,

    /// <summary>The leader signs: the result is ready and the clock stops.</summary>
    ApproveResult,

    /// <summary>Hand the result back to the citizen.</summary>
    ReturnResult,

    /// <summary>Ask the citizen for a supplement (once); the clock pauses.</summary>
    RequestSupplement,

    /// <summary>The citizen hands in the supplement; the clock resumes.</summary>
    ResubmitSupplement,

    /// <summary>Require a fee or tax payment; the clock pauses.</summary>
    RequirePayment,

    /// <summary>The payment is made; the clock resumes.</summary>
    ConfirmPayment,

    /// <summary>The citizen withdraws the dossier.</summary>
    Withdraw,

    /// <summary>Processing is stopped, with a reason.</summary>
    Stop,

    /// <summary>Apologise and give a new appointment (form 04), once.</summary>
    IssueApology,
}

/// <summary>Which statuses each action may start from and where it leads.</summary>
public static class DossierTransitions
{
    private static readonly DossierStatus[] Open =
    [
        DossierStatus.Received, DossierStatus.InProcessing, DossierStatus.AwaitingSignature,
        DossierStatus.SupplementRequested, DossierStatus.PaymentRequired,
    ];

    private static readonly Dictionary<DossierAction, DossierStatus[]> AllowedFrom = new()
    {
        [DossierAction.Receive] = [DossierStatus.Draft],
        [DossierAction.Refuse] = [DossierStatus.Draft],
        [DossierAction.Forward] = [DossierStatus.Received],
        [DossierAction.SubmitForSignature] = [DossierStatus.InProcessing],
        [DossierAction.ApproveResult] = [DossierStatus.AwaitingSignature],
        [DossierAction.ReturnResult] = [DossierStatus.ResultReady],
        [DossierAction.RequestSupplement] = [DossierStatus.Received, DossierStatus.InProcessing, DossierStatus.AwaitingSignature],
        [DossierAction.ResubmitSupplement] = [DossierStatus.SupplementRequested],
        [DossierAction.RequirePayment] = [DossierStatus.Received, DossierStatus.InProcessing, DossierStatus.AwaitingSignature],
        [DossierAction.ConfirmPayment] = [DossierStatus.PaymentRequired],
        [DossierAction.Withdraw] = [DossierStatus.Draft, .. Open],
        [DossierAction.Stop] = Open,
        [DossierAction.IssueApology] = Open,
    };

    /// <summary>Whether <paramref name="action"/> is legal from <paramref name="status"/>.</summary>
    public static bool IsAllowed(DossierAction action, DossierStatus status) => AllowedFrom[action].Contains(status);

    /// <summary>The statuses <paramref name="action"/> may start from.</summary>
    public static IReadOnlyList<DossierStatus> From(DossierAction action) => AllowedFrom[action];

    /// <summary>The actions legal from <paramref name="status"/>.</summary>
    public static IReadOnlyList<DossierAction> AllowedIn(DossierStatus status) =>
        [.. Enum.GetValues<DossierAction>().Where(a => IsAllowed(a, status))];
}
