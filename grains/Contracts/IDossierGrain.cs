using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Dossiers;

namespace CaseEngine.Contracts;

/// <summary>One dossier, keyed by its dossier code. Owns its state machine and its deadline reminder.</summary>
public interface IDossierGrain : IGrainWithStringKey
{
    /// <summary>Creates the dossier, as a draft or received at once.</summary>
    /// <exception cref="IllegalTransitionException">The dossier exists already.</exception>
    /// <exception cref="RuleViolationException">The procedure does not belong to the office's level, or a field is missing.</exception>
    Task<DossierView> OpenAsync(OpenDossier command);

    /// <summary>Takes one step of the dossier's life.</summary>
    /// <exception cref="NotFoundException">The dossier does not exist.</exception>
    /// <exception cref="IllegalTransitionException">The step is not legal in the current status.</exception>
    /// <exception cref="RuleViolationException">The step breaks a rule (second supplement request, second apology, …).</exception>
    Task<DossierView> ActAsync(DossierCommand command);

    /// <summary>The dossier, or <see langword="null"/> when it does not exist.</summary>
    Task<DossierView?> GetAsync();

    /// <summary>The history: the process control slip.</summary>
    /// <exception cref="NotFoundException">The dossier does not exist.</exception>
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync();

    /// <summary>
    /// What the citizen may see, given the last four digits of the applicant's phone; <see langword="null"/> when the
    /// dossier does not exist or the digits do not match (the two are not told apart).
    /// </summary>
    Task<PublicStatusView?> GetPublicStatusAsync(string phoneLast4);

    /// <summary>The citizen rates the service once the result is returned, once; false when the phone digits do not match.</summary>
    /// <exception cref="IllegalTransitionException">The result has not been returned.</exception>
    /// <exception cref="RuleViolationException">The dossier is rated already.</exception>
    Task<bool> RateAsync(string phoneLast4, Satisfaction satisfaction, string? comment, AuditContext? audit = null);

    /// <summary>
    /// What the dossier's deadline would become with <paramref name="candidate"/> as the holiday calendar, its office's
    /// week and the rules unchanged (<see cref="DeadlineRevision.Preview"/>); <see langword="null"/> when nothing would
    /// move or the dossier does not exist. Writes nothing.
    /// </summary>
    Task<DeadlineShift?> PreviewHolidaysAsync(HolidaySchedule candidate);

    /// <summary>
    /// Counts the dossier's deadline again under the reference data in force now (<see cref="DeadlineRevision.Revise"/>):
    /// the revision goes on its timeline with the command's reason, the read side and the boards follow, and its
    /// deadline reminder is armed for the next event of the revised schedule. Returns what moved, or
    /// <see langword="null"/> when nothing did (nothing is written then) or the command is a retry of one already made.
    /// </summary>
    /// <exception cref="NotFoundException">The dossier does not exist.</exception>
    /// <exception cref="RuleViolationException">The actor or the reason is blank, or the idempotency key was used for another step.</exception>
    Task<DeadlineShift?> ReviseDeadlineAsync(ReviseDeadline command);
}

/// <summary>One office, keyed by its office code: issues its dossier codes.</summary>
public interface IOfficeGrain : IGrainWithStringKey
{
    /// <summary>Issues the next dossier code of the day: <c>&lt;office&gt;-&lt;YYMMDD&gt;-&lt;NNNN&gt;</c>, never twice.</summary>
    /// <exception cref="NotFoundException">The office does not exist.</exception>
    /// <exception cref="RuleViolationException">The day's 9,999 codes are used up.</exception>
    /// <remarks>A retry with the same <paramref name="idempotencyKey"/> on the same day gets the same code.</remarks>
    Task<string> IssueDossierCodeAsync(string? idempotencyKey = null);
}

/// <summary>
/// Delivers one portal's updates from the outbox, keyed by the portal's channel name (<c>NationalPortal</c>,
/// <c>CityPortal</c>). One activation in the cluster, kept alive and woken every minute by a reminder; dossiers wake
/// it when they have something new.
/// </summary>
public interface IPortalDispatcherGrain : IGrainWithStringKey
{
    /// <summary>Makes sure the dispatcher runs (registers its reminder).</summary>
    Task StartAsync();

    /// <summary>Delivers every update that is due now, in order per dossier; returns how many reached the portal.</summary>
    Task<int> DispatchAsync();

    /// <summary>Something new is in the outbox: deliver it soon.</summary>
    [Orleans.Concurrency.OneWay]
    Task WakeAsync();
}

/// <summary>
/// One online dossier as its portal knows it, keyed by <c>&lt;channel&gt;/&lt;portal's dossier id&gt;</c>: opens the
/// engine's dossier once, however often the portal delivers it.
/// </summary>
public interface IPortalInboxGrain : IGrainWithStringKey
{
    /// <summary>
    /// Opens the dossier awaiting acceptance at its office, or, when the portal delivered it before, returns it as it is
    /// (<c>Created</c> false) and changes nothing.
    /// </summary>
    /// <exception cref="NotFoundException">The office does not exist.</exception>
    /// <exception cref="RuleViolationException">The procedure does not belong to the office's level, or a field is missing.</exception>
    Task<PortalSubmissionResult> SubmitAsync(OpenDossier command);
}

/// <summary>The engine's dossier for a portal's submission.</summary>
/// <param name="Dossier">The dossier.</param>
/// <param name="Created">Whether this delivery created it (false: the portal delivered it before).</param>
[GenerateSerializer, Immutable, Alias("caseengine.portal-submission-result.v1")]
public sealed record PortalSubmissionResult(DossierView Dossier, bool Created);
