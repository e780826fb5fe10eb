using CaseEngine.Domain.Dossiers;

namespace CaseEngine.Contracts;

/// <summary>Re-project a dossier's deadline under the reference data in force now (<see cref="IDossierGrain.ReviseDeadlineAsync"/>).</summary>
/// <param name="Actor">Who asks: the administrator who changed the holiday calendar.</param>
/// <param name="Reason">Why, as the timeline says it, such as "Bổ sung ngày nghỉ 05/01/2027".</param>
/// <param name="IdempotencyKey">The client's key: a retry with it changes nothing.</param>
/// <param name="Audit">Who asked, in which role and office, from which address.</param>
/// <param name="ReferenceVersion">The reference data version that must be known before the deadline is counted again: the one just saved.</param>
[GenerateSerializer, Immutable, Alias("caseengine.revise-deadline.v1")]
public sealed record ReviseDeadline(
    [property: Id(0)] string Actor,
    [property: Id(1)] string Reason,
    [property: Id(2)] string IdempotencyKey,
    [property: Id(3)] AuditContext? Audit,
    [property: Id(4)] int ReferenceVersion = 1);
