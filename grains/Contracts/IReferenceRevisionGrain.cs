using CaseEngine.Domain.Dossiers;

namespace CaseEngine.Contracts;

/// <summary>A dossier whose deadline could not be counted again under a new version of the reference data.</summary>
/// <param name="Code">The dossier.</param>
/// <param name="Detail">Why, in Vietnamese.</param>
[GenerateSerializer, Immutable, Alias("caseengine.revision-failure.v1")]
public sealed record RevisionFailure([property: Id(0)] string Code, [property: Id(1)] string Detail);

/// <summary>The open dossiers a version of the reference data moves, to revise when it comes into force.</summary>
/// <param name="Offices">The offices whose working time it changes; every office when null.</param>
/// <param name="From">The first instant whose working time changes: dossiers due before it stay as they are.</param>
/// <param name="Pending">Only these dossiers (those a revision could not reach), instead of every open dossier of the scope.</param>
/// <param name="Audit">Who saved the version, in which role and office, from which address.</param>
[GenerateSerializer, Immutable, Alias("caseengine.revision-plan.v1")]
public sealed record RevisionPlan(
    [property: Id(0)] IReadOnlyList<string>? Offices,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] IReadOnlyList<string>? Pending,
    [property: Id(3)] AuditContext? Audit);

/// <summary>Where the revisions of one version stand.</summary>
/// <param name="Version">The version.</param>
/// <param name="Waiting">Whether revisions are still to be made: the version is not in force yet, or dossiers failed.</param>
/// <param name="Attempts">Attempts made so far.</param>
/// <param name="NextAttemptAt">When the next one is due, while waiting.</param>
/// <param name="Revised">Dossiers whose deadline it moved so far.</param>
/// <param name="Failures">The dossiers the last attempt could not revise, with why.</param>
[GenerateSerializer, Immutable, Alias("caseengine.revision-progress.v1")]
public sealed record RevisionProgress(
    [property: Id(0)] int Version,
    [property: Id(1)] bool Waiting,
    [property: Id(2)] int Attempts,
    [property: Id(3)] DateTimeOffset? NextAttemptAt,
    [property: Id(4)] int Revised,
    [property: Id(5)] IReadOnlyList<RevisionFailure> Failures);

/// <summary>
/// The deadline revisions of one version of the reference data (the grain's key is the version's number): made when the
/// version comes into force, for a change saved for a later day, and tried again, until none fails, for dossiers a
/// revision could not reach. A reminder keeps them due across restarts.
/// </summary>
public interface IReferenceRevisionGrain : IGrainWithIntegerKey
{
    /// <summary>Adds <paramref name="plan"/> to what is to be revised once the version is in force (at once when it is).</summary>
    Task ScheduleAsync(RevisionPlan plan);

    /// <summary>Where the revisions stand.</summary>
    Task<RevisionProgress> ProgressAsync();
}
