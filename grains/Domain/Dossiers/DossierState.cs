using System.Collections.Immutable;

namespace CaseEngine.Domain.Dossiers;

/// <summary>How a dossier reached the office.</summary>
public enum Channel
{
    /// <summary>Handed in directly at the counter.</summary>
    Counter,

    /// <summary>Submitted on the National Public Service Portal.</summary>
    NationalPortal,

    /// <summary>Submitted on Hà Nội's city portal.</summary>
    CityPortal,
}

/// <summary>Which deadline rule applied at reception.</summary>
public enum SlaRule
{
    /// <summary>Fast-track: handed in at the counter on the office's fast-track weekday for a listed procedure.</summary>
    FastTrack,

    /// <summary>The procedure's standard processing time.</summary>
    Standard,
}

/// <summary>
/// Why a fast-track dossier handed in at the counter on a fast-track weekday could not have its fast-track time that
/// day; the rule set's <see cref="Reference.LateFastTrackReception"/> says what it got instead.
/// </summary>
public enum FastTrackMiss
{
    /// <summary>Handed in after the office closed, or on a fast-track weekday that is a day off: the clock starts on a later day.</summary>
    OutsideWorkingHours,

    /// <summary>The clock started after the rule set's cut-off, or too late for the fast-track time to end before closing.</summary>
    TooLateInTheDay,
}

/// <summary>Closed dossiers and hand-overs are judged early, on time or late (Decision 766/QĐ-TTg).</summary>
public enum Timeliness
{
    /// <summary>Before the nearly-late point (less than the rule set's fraction of the working time used).</summary>
    Early,

    /// <summary>At or before the due time.</summary>
    OnTime,

    /// <summary>After the due time.</summary>
    Late,
}

/// <summary>Bucket of an open dossier on the counter board.</summary>
public enum Bucket
{
    /// <summary>Less than the nearly-late share of its working time used.</summary>
    NotYetDue,

    /// <summary>Past the nearly-late point, not yet due.</summary>
    NearlyLate,

    /// <summary>Past its due time.</summary>
    Late,
}

/// <summary>A deadline event a reminder fires.</summary>
public enum DeadlineEvent
{
    /// <summary>The nearly-late share of the working time has been used.</summary>
    NearlyLate,

    /// <summary>The due time has passed.</summary>
    Due,

    /// <summary>The dossier is still open well after its due time: escalated.</summary>
    Overdue,
}

/// <summary>The person the dossier is for.</summary>
[GenerateSerializer, Immutable, Alias("caseengine.applicant.v1")]
public sealed record Applicant
{
    /// <summary>Full name.</summary>
    [Id(0)] public required string FullName { get; init; }

    /// <summary>Phone number.</summary>
    [Id(1)] public string? Phone { get; init; }

    /// <summary>12-digit citizen identity number (số định danh cá nhân / CCCD).</summary>
    [Id(2)] public string? CitizenId { get; init; }

    /// <summary>Address.</summary>
    [Id(3)] public string? Address { get; init; }
}

/// <summary>How a citizen who did not write the form confirms what was entered for them.</summary>
public enum ConsentMethod
{
    /// <summary>Signed (on paper or a signature pad).</summary>
    Signature = 1,

    /// <summary>Fingerprint, for a citizen who cannot sign.</summary>
    Fingerprint = 2,
}

/// <summary>The citizen's consent to the dossier entered for them: how, when, and who took it.</summary>
[GenerateSerializer, Immutable, Alias("caseengine.consent.v1")]
public sealed record Consent
{
    /// <summary>How.</summary>
    [Id(0)] public ConsentMethod Method { get; init; }

    /// <summary>When.</summary>
    [Id(1)] public DateTimeOffset At { get; init; }

    /// <summary>The officer or volunteer who took it.</summary>
    [Id(2)] public required string By { get; init; }
}

/// <summary>Three instants of a deadline: nearly late, due and overdue.</summary>
[GenerateSerializer, Immutable, Alias("caseengine.deadline.v1")]
public sealed record Deadline
{
    /// <summary>When the nearly-late share of working time is used.</summary>
    [Id(0)] public DateTimeOffset NearlyLateAt { get; init; }

    /// <summary>The due instant.</summary>
    [Id(1)] public DateTimeOffset DueAt { get; init; }

    /// <summary>When an open dossier is escalated as overdue.</summary>
    [Id(2)] public DateTimeOffset OverdueAt { get; init; }

    /// <summary>The instant of <paramref name="kind"/>.</summary>
    public DateTimeOffset At(DeadlineEvent kind) => kind switch
    {
        DeadlineEvent.NearlyLate => NearlyLateAt,
        DeadlineEvent.Due => DueAt,
        _ => OverdueAt,
    };

    /// <summary>
    /// The bucket of a dossier in <paramref name="status"/> with <paramref name="deadline"/> at <paramref name="now"/>:
    /// none while closed or not received; a paused one is judged at its pause. Every bucket shown or counted is this.
    /// </summary>
    public static Bucket? BucketOf(DossierStatus status, Deadline? deadline, DateTimeOffset? pausedSince, DateTimeOffset now) =>
        status.IsOpen() && deadline is { } d ? d.BucketAt(pausedSince ?? now) : null;

    /// <summary>Bucket at <paramref name="now"/>.</summary>
    public Bucket BucketAt(DateTimeOffset now) =>
        now >= DueAt ? Bucket.Late : now >= NearlyLateAt ? Bucket.NearlyLate : Bucket.NotYetDue;

    /// <summary>
    /// The buckets a running dossier enters after <paramref name="now"/>, each with the instant it enters it, in order:
    /// what a page that counts down on its own clock shows, without a rule of its own.
    /// </summary>
    public IReadOnlyList<(DateTimeOffset At, Bucket Bucket)> BucketsAfter(DateTimeOffset now) =>
        [.. new[] { NearlyLateAt, DueAt }.Where(at => at > now).Select(at => (at, BucketAt(at)))];

    /// <summary>Whether finishing at <paramref name="at"/> is early, on time or late.</summary>
    public Timeliness Judge(DateTimeOffset at) =>
        at > DueAt ? Timeliness.Late : at < NearlyLateAt ? Timeliness.Early : Timeliness.OnTime;
}

/// <summary>The deadline rule applied at reception and the legal deadline, moved by pauses.</summary>
[GenerateSerializer, Immutable, Alias("caseengine.sla.v1")]
public sealed record Sla
{
    /// <summary>Which rule applied.</summary>
    [Id(0)] public SlaRule Rule { get; init; }

    /// <summary>What was given, such as "120 working minutes" or "3 working days".</summary>
    [Id(1)] public required string Allotted { get; init; }

    /// <summary>Rule set version in force at reception.</summary>
    [Id(2)] public required string RuleSetVersion { get; init; }

    /// <summary>When the clock started.</summary>
    [Id(3)] public DateTimeOffset ClockStartedAt { get; init; }

    /// <summary>The legal deadline; on-time statistics and the board's bucket are judged against it.</summary>
    [Id(4)] public required Deadline Deadline { get; init; }

    /// <summary>For a fast-track dossier handed in on a fast-track weekday too late for its time that day: why.</summary>
    [Id(5)] public FastTrackMiss? FastTrackMissed { get; init; }
}

/// <summary>
/// The deadline the reminders enforce: the legal deadline, or the new appointment given with an apology.
/// </summary>
[GenerateSerializer, Immutable, Alias("caseengine.schedule.v1")]
public sealed record Schedule
{
    /// <summary>The instants enforced.</summary>
    [Id(0)] public required Deadline Deadline { get; init; }

    /// <summary>0 for the legal deadline, 1 after a new appointment.</summary>
    [Id(1)] public int Generation { get; init; }

    /// <summary>How many of the events (nearly late, due, overdue, in that order) have fired.</summary>
    [Id(2)] public int Fired { get; init; }

    /// <summary>The next event to fire, if any.</summary>
    public DeadlineEvent? Next => Fired < 3 ? (DeadlineEvent)Fired : null;
}

/// <summary>Why and since when the clock is paused.</summary>
[GenerateSerializer, Immutable, Alias("caseengine.pause.v1")]
public sealed record Pause
{
    /// <summary>When the clock stopped.</summary>
    [Id(0)] public DateTimeOffset Since { get; init; }

    /// <summary>Status to return to when the citizen answers.</summary>
    [Id(1)] public DossierStatus ResumeTo { get; init; }
}

/// <summary>
/// One line of the history, which is the process control slip: every step with its actor, time and note,
/// every hand-over with from, to, when and its timeliness, and every deadline event fired.
/// </summary>
[GenerateSerializer, Immutable, Alias("caseengine.step.v1")]
public sealed record DossierStep
{
    /// <summary>1-based position in the history.</summary>
    [Id(0)] public int Sequence { get; init; }

    /// <summary>What happened: the creation, an action, a deadline event or the rating.</summary>
    [Id(1)] public required StepKind Kind { get; init; }

    /// <summary>Status before.</summary>
    [Id(2)] public DossierStatus From { get; init; }

    /// <summary>Status after.</summary>
    [Id(3)] public DossierStatus To { get; init; }

    /// <summary>Who did it (<c>system</c> for deadline events).</summary>
    [Id(4)] public required string Actor { get; init; }

    /// <summary>When.</summary>
    [Id(5)] public DateTimeOffset At { get; init; }

    /// <summary>Note or reason.</summary>
    [Id(6)] public string? Note { get; init; }

    /// <summary>Holder handing the dossier over, for a hand-over.</summary>
    [Id(7)] public string? HandOverFrom { get; init; }

    /// <summary>Holder receiving the dossier, for a hand-over.</summary>
    [Id(8)] public string? HandOverTo { get; init; }

    /// <summary>Whether the step was early, on time or late against the legal deadline, once the clock runs.</summary>
    [Id(9)] public Timeliness? Timeliness { get; init; }

    /// <summary>Who asked for the step, in which role and office, from which address (none for deadline events).</summary>
    [Id(10)] public AuditContext? Audit { get; init; }

    /// <summary>The client's idempotency key of the request that made the step.</summary>
    [Id(11)] public string? IdempotencyKey { get; init; }
}

/// <summary>A dossier: its identity, status, deadlines and history. Changed only by <see cref="DossierDecider"/>.</summary>
[GenerateSerializer, Immutable, Alias("caseengine.dossier-state.v1")]
public sealed record DossierState
{
    /// <summary>The empty state of a dossier not created yet.</summary>
    public static DossierState Empty { get; } = new();

    /// <summary>Dossier code.</summary>
    [Id(0)] public string Code { get; init; } = string.Empty;

    /// <summary>Office code.</summary>
    [Id(1)] public string OfficeCode { get; init; } = string.Empty;

    /// <summary>Procedure code.</summary>
    [Id(2)] public string ProcedureCode { get; init; } = string.Empty;

    /// <summary>How it arrived.</summary>
    [Id(3)] public Channel Channel { get; init; }

    /// <summary>The applicant.</summary>
    [Id(4)] public Applicant? Applicant { get; init; }

    /// <summary>Current status.</summary>
    [Id(5)] public DossierStatus Status { get; init; }

    /// <summary>Volunteer or officer who entered the dossier for the citizen.</summary>
    [Id(6)] public string? EnteredBy { get; init; }

    /// <summary>Who holds the dossier now.</summary>
    [Id(7)] public string? Holder { get; init; }

    /// <summary>When it was created.</summary>
    [Id(8)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Deadline rule and legal deadline, from reception on.</summary>
    [Id(9)] public Sla? Sla { get; init; }

    /// <summary>Deadline the reminders enforce, from reception on.</summary>
    [Id(10)] public Schedule? Schedule { get; init; }

    /// <summary>Current pause, while waiting for the citizen.</summary>
    [Id(11)] public Pause? Pause { get; init; }

    /// <summary>Whether a supplement has been requested already (only once is allowed).</summary>
    [Id(12)] public bool SupplementRequested { get; init; }

    /// <summary>When the apology and new appointment was issued.</summary>
    [Id(13)] public DateTimeOffset? ApologyIssuedAt { get; init; }

    /// <summary>When the result became ready (the clock stopped).</summary>
    [Id(14)] public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Timeliness of the result against the legal deadline.</summary>
    [Id(15)] public Timeliness? Outcome { get; init; }

    /// <summary>The history (process control slip).</summary>
    [Id(16)] public ImmutableList<DossierStep> History { get; init; } = [];

    /// <summary>Time spent paused, in working time, over the dossier's life.</summary>
    [Id(17)] public TimeSpan WaitingTime { get; init; }

    /// <summary>The citizen's consent, once taken.</summary>
    [Id(18)] public Consent? Consent { get; init; }

    /// <summary>The citizen's rating, once given.</summary>
    [Id(19)] public Rating? Rating { get; init; }

    /// <summary>The declaration form as filled in for the citizen, by field name.</summary>
    [Id(20)] public IReadOnlyDictionary<string, string>? Form { get; init; }

    /// <summary>For an online dossier: its portal's own id (MaHoSo); its status changes are delivered to that portal.</summary>
    [Id(21)] public string? PortalDossierId { get; init; }

    /// <summary>
    /// The reference data version it was received under (or opened under, while a draft): its procedure's time and
    /// the rule set come from it for its whole life. 0, in dossiers stored before versions existed, reads as 1.
    /// </summary>
    [Id(22)] public int ReferenceVersion { get; init; }

    /// <summary>Whether the dossier exists.</summary>
    public bool Exists => Status != DossierStatus.None;

    /// <summary>
    /// The step that received the dossier: the history's second, right after creation; none for a draft, or a draft
    /// refused or withdrawn.
    /// </summary>
    public DossierStep? Reception => History.Count >= 2 && History[1] is { Kind.Action: DossierAction.Receive } step ? step : null;

    /// <summary>Bucket at <paramref name="now"/> for an open dossier (<see cref="Deadline.BucketOf"/>).</summary>
    public Bucket? BucketAt(DateTimeOffset now) => Deadline.BucketOf(Status, Sla?.Deadline, Pause?.Since, now);

    /// <summary>Whether the dossier is past its legal due time and still owes an apology.</summary>
    public bool ApologyRequiredAt(DateTimeOffset now) => BucketAt(now) == Bucket.Late && ApologyIssuedAt is null;

    /// <summary>When the next deadline event is due, if the clock runs.</summary>
    public DateTimeOffset? NextDeadlineEventAt =>
        Status.ClockRuns() && Schedule is { Next: { } next } schedule ? schedule.Deadline.At(next) : null;
}
