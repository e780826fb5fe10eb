using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Dossiers;

namespace CaseEngine.Contracts;

/// <summary>Deadline rule applied at reception and the instants that follow from it, in office time.</summary>
/// <param name="Rule">FastTrack or Standard.</param>
/// <param name="Allotted">What was given, such as "120 working minutes".</param>
/// <param name="RuleSetVersion">Rule set in force at reception.</param>
/// <param name="ClockStartedAt">When the clock started (the next working instant after reception).</param>
/// <param name="NearlyLateAt">When the dossier becomes nearly late.</param>
/// <param name="DueAt">The legal due instant (moved by waiting time).</param>
/// <param name="OverdueAt">When an open dossier is escalated.</param>
/// <param name="ReceivedAt">When the counter received it; the clock starts then, or at the next working instant.</param>
/// <param name="AllottedWording">The time given in Vietnamese, and why a fast-track dossier missed its day (<see cref="Domain.Wording.FastTrackWording.Allotted"/>).</param>
/// <param name="FastTrackMissed">For a fast-track dossier handed in on a fast-track weekday too late for its time that day: why.</param>
/// <param name="Provisional">
/// Whether the due time falls after the published holiday calendar (<see cref="Domain.Calendar.CalendarCoverage.IsProvisional"/>):
/// days off not yet entered may still move it.
/// </param>
[GenerateSerializer, Immutable, Alias("caseengine.sla-view.v1")]
public sealed record SlaView(
    SlaRule Rule,
    string Allotted,
    string RuleSetVersion,
    DateTimeOffset ClockStartedAt,
    DateTimeOffset NearlyLateAt,
    DateTimeOffset DueAt,
    DateTimeOffset OverdueAt,
    DateTimeOffset? ReceivedAt = null,
    string? AllottedWording = null,
    FastTrackMiss? FastTrackMissed = null,
    bool Provisional = false);

/// <summary>A dossier as the counter sees it. Instants carry the office's offset (+07:00).</summary>
/// <param name="Code">Dossier code.</param>
/// <param name="OfficeCode">Office code.</param>
/// <param name="ProcedureCode">Procedure code.</param>
/// <param name="Channel">How it arrived.</param>
/// <param name="Applicant">The applicant.</param>
/// <param name="Status">Status.</param>
/// <param name="NationalStatusCode">National status code 1–10.</param>
/// <param name="StatusName">National status name in Vietnamese.</param>
/// <param name="EnteredBy">Who entered it (volunteer or officer).</param>
/// <param name="Holder">Who holds it now.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Sla">Deadline rule and instants, once received.</param>
/// <param name="AppointmentAt">The due time promised to the citizen: the legal due time, or the new appointment after an apology.</param>
/// <param name="Bucket">Late, nearly late or not yet due, while open.</param>
/// <param name="Paused">Whether the clock is paused waiting for the citizen.</param>
/// <param name="WaitingMinutes">Working minutes spent waiting for the citizen.</param>
/// <param name="ApologyRequired">Whether it is late and still owes the citizen an apology and new appointment.</param>
/// <param name="ApologyIssuedAt">When the apology was issued.</param>
/// <param name="CompletedAt">When the result became ready.</param>
/// <param name="Outcome">Early, on time or late, once the result is ready.</param>
/// <param name="AllowedActions">Steps that may be taken now: legal in the status and not refused by the dossier's own rules (supplement once, apology once and only when due).</param>
/// <param name="Consent">The citizen's consent to what was entered: how, when (office time), taken by whom.</param>
/// <param name="Form">The declaration form as filled in for the citizen.</param>
/// <param name="PortalDossierId">For an online dossier, its portal's own id (MaHoSo).</param>
/// <param name="ReferenceVersion">The reference data version it was received under: its procedure's time and the rule set come from it.</param>
[GenerateSerializer, Immutable, Alias("caseengine.dossier-view.v1")]
public sealed record DossierView(
    string Code,
    string OfficeCode,
    string ProcedureCode,
    Channel Channel,
    Applicant Applicant,
    DossierStatus Status,
    int NationalStatusCode,
    string StatusName,
    string? EnteredBy,
    string? Holder,
    DateTimeOffset CreatedAt,
    SlaView? Sla,
    DateTimeOffset? AppointmentAt,
    Bucket? Bucket,
    bool Paused,
    int WaitingMinutes,
    bool ApologyRequired,
    DateTimeOffset? ApologyIssuedAt,
    DateTimeOffset? CompletedAt,
    Timeliness? Outcome,
    IReadOnlyList<DossierAction> AllowedActions,
    Consent? Consent = null,
    IReadOnlyDictionary<string, string>? Form = null,
    string? PortalDossierId = null,
    int ReferenceVersion = 1);

/// <summary>One line of the process control slip. Instants carry the office's offset.</summary>
/// <param name="Sequence">Position, from 1.</param>
/// <param name="Kind">The creation, an action, a deadline event or the rating; in JSON its name ("Forward").</param>
/// <param name="From">Status before.</param>
/// <param name="To">Status after.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="At">When.</param>
/// <param name="Note">Note or reason.</param>
/// <param name="HandOverFrom">Who handed the dossier over.</param>
/// <param name="HandOverTo">Who received it.</param>
/// <param name="Timeliness">Early, on time or late, for hand-overs once the clock runs.</param>
/// <param name="ActorRole">The actor's role, for steps people took.</param>
/// <param name="ActorOffice">The actor's office, for steps people took.</param>
/// <param name="ClientAddress">The network address the step was asked from.</param>
/// <param name="Name">The step's name in Vietnamese (<see cref="Domain.Dossiers.StepNames"/>).</param>
[GenerateSerializer, Immutable, Alias("caseengine.history-entry.v1")]
public sealed record HistoryEntry(
    int Sequence,
    StepKind Kind,
    DossierStatus From,
    DossierStatus To,
    string Actor,
    DateTimeOffset At,
    string? Note,
    string? HandOverFrom,
    string? HandOverTo,
    Timeliness? Timeliness,
    string? ActorRole = null,
    string? ActorOffice = null,
    string? ClientAddress = null,
    string Name = "");

/// <summary>What the read side keeps of a dossier.</summary>
/// <param name="Code">Dossier code.</param>
/// <param name="OfficeCode">Office code.</param>
/// <param name="ProcedureCode">Procedure code.</param>
/// <param name="Status">Status.</param>
/// <param name="Deadline">Legal deadline, once received.</param>
/// <param name="PausedSince">When the clock paused, while waiting for the citizen.</param>
/// <param name="Holder">Who holds it.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Version">Length of the dossier's history; a smaller one is older.</param>
public sealed record DossierSummary(
    string Code,
    string OfficeCode,
    string ProcedureCode,
    DossierStatus Status,
    Deadline? Deadline,
    DateTimeOffset? PausedSince,
    string? Holder,
    DateTimeOffset CreatedAt,
    int Version)
{
    /// <summary>The summary of a dossier's read-side row.</summary>
    public static DossierSummary Of(DossierRow row) => new(
        row.Code, row.OfficeCode, row.ProcedureCode, row.Status, row.Deadline, row.PausedSince, row.Holder, row.CreatedAt, row.HistoryLength);

    /// <summary>Bucket at <paramref name="now"/> while open; a paused dossier is judged at its pause.</summary>
    public Bucket? BucketAt(DateTimeOffset now) => Domain.Dossiers.Deadline.BucketOf(Status, Deadline, PausedSince, now);

    /// <summary>Working minutes from <paramref name="now"/> (or the pause) to the due time, negative when late, while open.</summary>
    public int? WorkingMinutesLeftAt(WorkingCalendar calendar, DateTimeOffset now) =>
        BucketAt(now) is null ? null : (int)Math.Floor(calendar.Between(PausedSince ?? now, Deadline!.DueAt).TotalMinutes);
}

/// <summary>One step of a dossier as the citizen sees it: no names.</summary>
/// <param name="Kind">What happened; in JSON its name ("Receive").</param>
/// <param name="Status">Status after it.</param>
/// <param name="At">When (office time).</param>
/// <param name="Name">The step's name in Vietnamese (<see cref="Domain.Dossiers.StepNames"/>).</param>
[GenerateSerializer, Immutable, Alias("caseengine.public-step.v1")]
public sealed record PublicStep(StepKind Kind, DossierStatus Status, DateTimeOffset At, string Name);

/// <summary>What a citizen sees of their dossier: no personal data. Instants carry the office's offset.</summary>
/// <param name="Code">Dossier code.</param>
/// <param name="OfficeCode">Office code.</param>
/// <param name="ProcedureCode">Procedure code.</param>
/// <param name="Status">Status.</param>
/// <param name="NationalStatusCode">National status code 1–10.</param>
/// <param name="StatusName">National status name in Vietnamese.</param>
/// <param name="ReceivedAt">When the counter received it.</param>
/// <param name="AppointmentAt">The due time promised.</param>
/// <param name="CompletedAt">When the result became ready.</param>
/// <param name="Timeline">Every step, without names.</param>
/// <param name="Rated">Whether the citizen has rated the service.</param>
/// <param name="CountedFrom">When its working time began to count, only when later than the reception (see <see cref="ReceptionTimes"/>).</param>
/// <param name="AllottedWording">The time given, in Vietnamese, once received.</param>
[GenerateSerializer, Immutable, Alias("caseengine.public-status.v1")]
public sealed record PublicStatusView(
    string Code,
    string OfficeCode,
    string ProcedureCode,
    DossierStatus Status,
    int NationalStatusCode,
    string StatusName,
    DateTimeOffset? ReceivedAt,
    DateTimeOffset? AppointmentAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<PublicStep> Timeline,
    bool Rated,
    DateTimeOffset? CountedFrom = null,
    string? AllottedWording = null);

/// <summary>A line of an office's list or counter board. Instants carry the office's offset.</summary>
/// <param name="Code">Dossier code.</param>
/// <param name="ProcedureCode">Procedure code.</param>
/// <param name="Status">Status.</param>
/// <param name="NationalStatusCode">National status code 1–10.</param>
/// <param name="Holder">Who holds it.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="DueAt">Legal due instant, once received.</param>
/// <param name="Bucket">Late, nearly late or not yet due, while open.</param>
/// <param name="WorkingMinutesLeft">Working minutes until due (negative when late), while open.</param>
/// <param name="StatusName">National status name in Vietnamese.</param>
/// <param name="BucketName">The bucket in Vietnamese, while open.</param>
/// <param name="TimeLeftWording">The working time left in Vietnamese, a day being the office's working day ("còn 1 giờ 25 phút", "quá hạn 2 ngày"), while open.</param>
[GenerateSerializer, Immutable, Alias("caseengine.board-entry.v1")]
public sealed record BoardEntry(
    string Code,
    string ProcedureCode,
    DossierStatus Status,
    int NationalStatusCode,
    string? Holder,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt,
    Bucket? Bucket,
    int? WorkingMinutesLeft,
    string StatusName = "",
    string? BucketName = null,
    string? TimeLeftWording = null);
