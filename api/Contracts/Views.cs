using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Validation;
using CaseEngine.Portals;

namespace CaseEngine.Api.Apis;

/// <summary>What the counter's entry form of an office asks for, and how the signed-in user submits it.</summary>
/// <param name="ApplicantTitle">The heading of the applicant's fields.</param>
/// <param name="Applicant">The applicant's fields, with their labels (the procedure's own form comes with the procedure).</param>
/// <param name="Consent">How the citizen confirms what was entered.</param>
/// <param name="Submit">How this user submits it (received at once, or saved as a draft); null when their role enters none.</param>
public sealed record EntryFormView(string ApplicantTitle, IReadOnlyList<FormField> Applicant, StepInput Consent, EntryOffer? Submit);

/// <summary>How many dossiers have one status.</summary>
/// <param name="Status">Status.</param>
/// <param name="NationalStatusCode">National status code 1–10.</param>
/// <param name="Count">How many.</param>
public sealed record StatusCount(DossierStatus Status, int NationalStatusCode, int Count);

/// <summary>How many dossiers are of one procedure.</summary>
/// <param name="ProcedureCode">Procedure code.</param>
/// <param name="Count">How many.</param>
public sealed record ProcedureCount(string ProcedureCode, int Count);

/// <summary>An office's dossiers created in a period, counted by current status and by procedure.</summary>
/// <param name="OfficeCode">Office code.</param>
/// <param name="From">First day counted (office time), if bounded.</param>
/// <param name="To">Last day counted (office time), if bounded.</param>
/// <param name="Total">All dossiers counted.</param>
/// <param name="ByStatus">Per status, in the order of the national codes.</param>
/// <param name="ByProcedure">Per procedure, most frequent first.</param>
public sealed record DossierCountsResponse(
    string OfficeCode, DateOnly? From, DateOnly? To, int Total, IReadOnlyList<StatusCount> ByStatus, IReadOnlyList<ProcedureCount> ByProcedure);

/// <summary>An office of the reference data.</summary>
/// <param name="Code">Unit code, used in dossier codes.</param>
/// <param name="Name">Name.</param>
/// <param name="Level">District or Commune.</param>
/// <param name="TimeZone">Time zone id.</param>
/// <param name="WorkingDays">Weekdays worked.</param>
/// <param name="Sessions">Sessions of an ordinary working day (HH:mm-HH:mm).</param>
/// <param name="FastTrackDays">Weekdays with the fast-track rule.</param>
/// <param name="FastTrackPromise">The fast-track rule in Vietnamese, from the rule set and the office's week (none without a fast-track day).</param>
public sealed record OfficeInfo(
    string Code,
    string Name,
    OfficeLevel Level,
    string TimeZone,
    IReadOnlyList<DayOfWeek> WorkingDays,
    IReadOnlyList<string> Sessions,
    IReadOnlyList<DayOfWeek> FastTrackDays,
    string? FastTrackPromise);

/// <summary>A person of an office's staff, as the pickers list them.</summary>
/// <param name="Id">Account id: what a step's <c>to</c> names.</param>
/// <param name="FullName">Full name.</param>
/// <param name="Role">Role.</param>
/// <param name="RoleName">The role in Vietnamese.</param>
public sealed record StaffMember(string Id, string FullName, Role Role, string RoleName);

/// <summary>The answer of the deadline calculator.</summary>
/// <param name="Due">The due instant with the office's offset (+07:00).</param>
public sealed record DeadlineResponse(DateTimeOffset Due);

/// <summary>A procedure of the catalogue.</summary>
/// <param name="Code">National procedure code.</param>
/// <param name="Name">Name.</param>
/// <param name="Level">District or Commune.</param>
/// <param name="Sector">Sector.</param>
/// <param name="WorkingDays">Standard processing time in working days, if given in days.</param>
/// <param name="WorkingHours">Standard processing time in working hours, if given in hours.</param>
/// <param name="Fee">Fee.</param>
/// <param name="RequiredDocuments">Documents to hand in.</param>
/// <param name="FastTrack">On the fast-track list.</param>
/// <param name="Illustrative">An example entry, not a verified official one.</param>
/// <param name="Form">Fields of the declaration form the officer or volunteer fills in for the citizen.</param>
/// <param name="ProcessingTimeWording">The standard processing time in Vietnamese ("3 ngày làm việc").</param>
public sealed record ProcedureInfo(
    string Code, string Name, OfficeLevel Level, string Sector, int? WorkingDays, int? WorkingHours, string Fee,
    IReadOnlyList<string> RequiredDocuments, bool FastTrack, bool Illustrative, IReadOnlyList<FormField> Form, string ProcessingTimeWording);

/// <summary>A portal's outbox: what waits, and the updates the portal refused.</summary>
/// <param name="Portal">The portal.</param>
/// <param name="Pending">Updates not yet delivered, refused ones excluded.</param>
/// <param name="Dead">Updates the portal refused: each holds back its dossier's later updates until retried.</param>
/// <param name="OldestPendingSince">When the oldest waiting update's step was taken.</param>
/// <param name="Refused">The refused updates, oldest first, with the portal's answer.</param>
public sealed record PortalOutboxView(string Portal, int Pending, int Dead, DateTimeOffset? OldestPendingSince, IReadOnlyList<PortalUpdate> Refused);

/// <summary>One of Project 06's essential online services and where its QR code leads.</summary>
/// <param name="Id">Stable identifier, such as <c>birth-registration</c>.</param>
/// <param name="Name">Name in Vietnamese.</param>
/// <param name="Target">The service's page on the portal: what its QR code encodes.</param>
/// <param name="Illustrative">An example entry (name and address), not a verified official one.</param>
/// <param name="QrPng">Where to get its QR code as a PNG image.</param>
/// <param name="QrSvg">Where to get its QR code as an SVG image.</param>
public sealed record ServiceInfo(string Id, string Name, string Target, bool Illustrative, string QrPng, string QrSvg);

/// <summary>One slip of a dossier and whether it can be printed now.</summary>
/// <param name="Kind">Its name in the URL: receipt, supplement-request, refusal, apology or process-control.</param>
/// <param name="Form">The official form number (Circular 01/2018/TT-VPCP).</param>
/// <param name="Title">Its title in Vietnamese.</param>
/// <param name="Available">Whether the dossier has this slip now.</param>
/// <param name="Reason">Why not, when it has not.</param>
/// <param name="Href">Where to get the PDF.</param>
public sealed record SlipLink(string Kind, string Form, string Title, bool Available, string? Reason, string Href);

/// <summary>An office as anyone may read it.</summary>
/// <param name="Code">Unit code, used in dossier codes and in the lobby board's address.</param>
/// <param name="Name">Name.</param>
/// <param name="Level">District or Commune.</param>
public sealed record PublicOffice(string Code, string Name, OfficeLevel Level);

/// <summary>A procedure as anyone may read it.</summary>
/// <param name="Code">Procedure code.</param>
/// <param name="Name">Name in Vietnamese.</param>
/// <param name="Level">District or Commune.</param>
/// <param name="Sector">Sector (lĩnh vực).</param>
public sealed record PublicProcedure(string Code, string Name, OfficeLevel Level, string Sector);
