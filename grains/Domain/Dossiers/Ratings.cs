namespace CaseEngine.Domain.Dossiers;

/// <summary>How satisfied a citizen was with the service.</summary>
public enum Satisfaction
{
    /// <summary>Hài lòng.</summary>
    Satisfied = 1,

    /// <summary>Bình thường.</summary>
    Neutral = 2,

    /// <summary>Không hài lòng.</summary>
    Dissatisfied = 3,
}

/// <summary>A citizen's rating of a returned dossier, attributed to its office and the officers who handled it.</summary>
[GenerateSerializer, Immutable, Alias("caseengine.rating.v1")]
public sealed record Rating
{
    /// <summary>How satisfied.</summary>
    [Id(0)] public Satisfaction Satisfaction { get; init; }

    /// <summary>Optional comment.</summary>
    [Id(1)] public string? Comment { get; init; }

    /// <summary>When it was given.</summary>
    [Id(2)] public DateTimeOffset At { get; init; }

    /// <summary>Everyone who took a step on the dossier, in order of first step.</summary>
    [Id(3)] public IReadOnlyList<string> Officers { get; init; } = [];
}

/// <summary>Citizens' side of a dossier: the public status and the rating.</summary>
public static class CitizenRules
{
    /// <summary>Actor recorded for the citizen's own steps (the rating).</summary>
    public const string CitizenActor = "citizen";

    /// <summary>Whether <paramref name="phoneLast4"/> are the last four digits of the applicant's phone.</summary>
    public static bool IsApplicant(DossierState state, string phoneLast4) =>
        state.Exists
        && phoneLast4.Length == 4
        && state.Applicant?.Phone is { Length: >= 4 } phone
        && phone.EndsWith(phoneLast4, StringComparison.Ordinal);

    /// <summary>Decides the citizen's rating: once the result is returned, once.</summary>
    /// <exception cref="IllegalTransitionException">The result has not been returned.</exception>
    /// <exception cref="RuleViolationException">The dossier is rated already.</exception>
    public static IReadOnlyList<DossierEvent> Rate(DossierState state, Satisfaction satisfaction, string? comment, DateTimeOffset now, AuditContext? audit = null)
    {
        if (state.Status != DossierStatus.Returned)
        {
            throw new IllegalTransitionException(state.Code, "được đánh giá trước khi trả kết quả", state.Status);
        }

        if (state.Rating is not null)
        {
            throw new RuleViolationException($"Hồ sơ {state.Code} đã được đánh giá; mỗi hồ sơ được đánh giá một lần.");
        }

        return
        [
            new DossierRated(new Rating
            {
                Satisfaction = satisfaction,
                Comment = comment,
                At = now,
                Officers = [.. state.History.Select(s => s.Actor).Where(a => a is not (DossierDecider.SystemActor or CitizenActor)).Distinct()],
            })
            {
                Audit = audit,
            },
        ];
    }
}
