namespace CaseEngine.Domain.Dossiers;

/// <summary>Opens a dossier: as a draft awaiting acceptance, or received at once at the counter.</summary>
[GenerateSerializer, Immutable, Alias("caseengine.open-dossier.v1")]
public sealed record OpenDossier
{
    /// <summary>Office code.</summary>
    [Id(0)] public required string OfficeCode { get; init; }

    /// <summary>Procedure code.</summary>
    [Id(1)] public required string ProcedureCode { get; init; }

    /// <summary>The applicant.</summary>
    [Id(2)] public required Applicant Applicant { get; init; }

    /// <summary>How it arrived.</summary>
    [Id(3)] public Channel Channel { get; init; } = Channel.Counter;

    /// <summary>Who records it (officer, or volunteer for a draft).</summary>
    [Id(4)] public required string Actor { get; init; }

    /// <summary><see langword="true"/> for a draft awaiting acceptance; <see langword="false"/> to receive it now.</summary>
    [Id(5)] public bool AsDraft { get; init; }

    /// <summary>Optional note.</summary>
    [Id(6)] public string? Note { get; init; }

    /// <summary>Who asked, from where: recorded on the steps it makes.</summary>
    [Id(7)] public AuditContext? Audit { get; init; }

    /// <summary>The client's key for this request: a retry with the same key opens nothing more.</summary>
    [Id(8)] public string? IdempotencyKey { get; init; }

    /// <summary>How the citizen consented to what was entered for them; needed to receive a counter dossier.</summary>
    [Id(9)] public ConsentMethod? Consent { get; init; }

    /// <summary>The procedure's declaration form as filled in for the citizen, by field name.</summary>
    [Id(10)] public IReadOnlyDictionary<string, string>? Form { get; init; }

    /// <summary>For an online dossier: the portal's own id of it (MaHoSo), to which its status updates are addressed.</summary>
    [Id(11)] public string? PortalDossierId { get; init; }
}

/// <summary>A step on an existing dossier.</summary>
[GenerateSerializer, Immutable, Alias("caseengine.dossier-command.v1")]
public sealed record DossierCommand
{
    /// <summary>The step.</summary>
    [Id(0)] public DossierAction Action { get; init; }

    /// <summary>Who asks for it.</summary>
    [Id(1)] public required string Actor { get; init; }

    /// <summary>Note, or the reason for refusing, requesting a supplement, withdrawing, stopping or apologising.</summary>
    [Id(2)] public string? Note { get; init; }

    /// <summary>To whom the dossier is handed (specialist, leader, counter), for hand-overs.</summary>
    [Id(3)] public string? To { get; init; }

    /// <summary>The new appointment, for an apology.</summary>
    [Id(4)] public DateTimeOffset? NewAppointment { get; init; }

    /// <summary>Who asked, from where: recorded on the steps it makes.</summary>
    [Id(5)] public AuditContext? Audit { get; init; }

    /// <summary>The client's key for this request: a retry with the same key applies nothing more.</summary>
    [Id(6)] public string? IdempotencyKey { get; init; }

    /// <summary>For receiving a draft: how the citizen consented, if not recorded with the draft.</summary>
    [Id(7)] public ConsentMethod? Consent { get; init; }
}

/// <summary>Who asked for a step, in which role and office, and from which address.</summary>
/// <param name="Role">The user's role.</param>
/// <param name="Office">The user's office.</param>
/// <param name="ClientAddress">The client's network address.</param>
[GenerateSerializer, Immutable, Alias("caseengine.audit-context.v1")]
public sealed record AuditContext(
    [property: Id(0)] string Role,
    [property: Id(1)] string Office,
    [property: Id(2)] string? ClientAddress);
