using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Validation;

namespace CaseEngine.Api.Apis;

/// <summary>A dossier handed in at the counter, or entered as a draft by a volunteer.</summary>
/// <param name="ProcedureCode">Procedure code of the catalogue.</param>
/// <param name="Applicant">The applicant.</param>
/// <param name="Note">Optional note.</param>
/// <param name="Consent">How the citizen confirmed what was entered (Signature or Fingerprint); needed to receive at the counter.</param>
/// <param name="Form">The procedure's declaration form, by field name (see the procedure's <c>form</c>).</param>
public sealed record CreateDossierRequest(
    string? ProcedureCode, ApplicantEntry? Applicant, string? Note, ConsentMethod? Consent = null, Dictionary<string, string?>? Form = null);

/// <summary>A step with no hand-over target: receive, approve, return, resubmit a supplement, confirm a payment.</summary>
/// <param name="Note">Optional note.</param>
/// <param name="To">For approve: who gets the signed result (default: the counter).</param>
/// <param name="Consent">For receive: how the citizen confirmed the draft, if not recorded with it.</param>
public sealed record StepRequest(string? Note = null, string? To = null, ConsentMethod? Consent = null);

/// <summary>A hand-over: forward to the specialist, submit to the leader.</summary>
/// <param name="To">Who receives the dossier.</param>
/// <param name="Note">Optional note.</param>
public sealed record HandOverRequest(string? To, string? Note = null);

/// <summary>A step that needs a reason: refuse, request a supplement, require a payment, withdraw, stop.</summary>
/// <param name="Reason">The reason, given to the citizen in writing.</param>
public sealed record ReasonRequest(string? Reason);

/// <summary>An apology with a new appointment (form 04).</summary>
/// <param name="Reason">Why the dossier is late.</param>
/// <param name="NewAppointment">
/// The new appointment, after the due time: an ISO 8601 instant with an offset (2022-09-20T10:00:00+07:00), or the
/// office's own date and time without one (2022-09-20T10:00), read in the office's time zone.
/// </param>
public sealed record ApologyRequest(string? Reason, string? NewAppointment);

/// <summary>A citizen's rating of a returned dossier.</summary>
/// <param name="Phone4">The last four digits of the applicant's phone.</param>
/// <param name="Satisfaction">Satisfied, Neutral or Dissatisfied.</param>
/// <param name="Comment">Optional comment.</param>
public sealed record RatingRequest(string? Phone4, Satisfaction? Satisfaction, string? Comment);
