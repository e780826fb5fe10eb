namespace CaseEngine.Domain.Dossiers;

/// <summary>
/// Something that happened to a dossier, decided by <see cref="DossierDecider"/> and applied to its state: the only
/// record of change. Each becomes a step of the history, which the timeline, the process control slip, the read side
/// and the portal updates are made from.
/// </summary>
/// <param name="Actor">Who did it.</param>
/// <param name="At">When.</param>
/// <param name="Note">Note or reason.</param>
public abstract record DossierEvent(string Actor, DateTimeOffset At, string? Note)
{
    /// <summary>Who asked for it, in which role and office, from which address (none for deadline events).</summary>
    public AuditContext? Audit { get; init; }

    /// <summary>The client's idempotency key of the request that decided it (the request's first event only).</summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary>A dossier was created.</summary>
public sealed record DossierOpened(string Code, OpenDossier Command, DateTimeOffset At, int ReferenceVersion = 1)
    : DossierEvent(Command.Actor, At, Command.Note);

/// <summary>A dossier was received and its clock started.</summary>
public sealed record DossierReceived(string Actor, DateTimeOffset At, string? Note, Sla Sla, ConsentMethod? Consent = null, int ReferenceVersion = 1)
    : DossierEvent(Actor, At, Note);

/// <summary>A dossier moved to another status, possibly handed over to someone else.</summary>
public sealed record StatusChanged(DossierAction Action, DossierStatus To, string? HandOverTo, string Actor, DateTimeOffset At, string? Note)
    : DossierEvent(Actor, At, Note);

/// <summary>The clock paused to wait for the citizen.</summary>
public sealed record ClockPaused(DossierAction Action, DossierStatus To, string Actor, DateTimeOffset At, string? Note)
    : DossierEvent(Actor, At, Note);

/// <summary>The citizen answered; the clock resumed with the given deadlines.</summary>
public sealed record ClockResumed(DossierAction Action, Sla Sla, Schedule Schedule, TimeSpan Waited, string Actor, DateTimeOffset At, string? Note)
    : DossierEvent(Actor, At, Note);

/// <summary>An apology with a new appointment was issued.</summary>
public sealed record ApologyIssued(Schedule Schedule, string Actor, DateTimeOffset At, string? Note)
    : DossierEvent(Actor, At, Note);

/// <summary>
/// The holiday calendar changed and the deadline was counted again (<see cref="DeadlineRevision"/>): the legal deadline,
/// and the schedule the reminders enforce (the same, unless it is a new appointment promised to the citizen, which stays).
/// </summary>
/// <param name="Sla">The legal deadline counted again.</param>
/// <param name="Schedule">The schedule enforced from now on, with the events already fired still fired.</param>
/// <param name="Shift">What moved: the legal due time before and after, whether the dossier turns late, whether a promised appointment stays.</param>
/// <param name="Actor">Who asked for the revision.</param>
/// <param name="At">When.</param>
/// <param name="Note">Why, and from what to what (<see cref="Wording.VietnameseWords.DueRevised"/>).</param>
public sealed record DeadlineRevised(Sla Sla, Schedule Schedule, DeadlineShift Shift, string Actor, DateTimeOffset At, string? Note)
    : DossierEvent(Actor, At, Note)
{
    /// <summary>The legal due time before.</summary>
    public DateTimeOffset FromDue => Shift.FromDue;

    /// <summary>The legal due time after.</summary>
    public DateTimeOffset ToDue => Shift.ToDue;
}

/// <summary>A deadline event fired.</summary>
public sealed record DeadlineReached(DeadlineEvent Kind, int Generation, DateTimeOffset At, string? Note)
    : DossierEvent(DossierDecider.SystemActor, At, Note);

/// <summary>The citizen rated the service of the returned dossier.</summary>
public sealed record DossierRated(Rating Rating)
    : DossierEvent(CitizenRules.CitizenActor, Rating.At, null);
