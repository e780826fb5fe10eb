using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.ReadSide;

namespace CaseEngine.Grains.Reference;

/// <summary>What a revision of open dossiers did: the deadlines it moved, and the dossiers it could not reach.</summary>
/// <param name="Shifts">The dossiers whose deadline moved.</param>
/// <param name="Failures">Those that could not be revised now.</param>
public sealed record RevisionOutcome(IReadOnlyList<DeadlineShift> Shifts, IReadOnlyList<RevisionFailure> Failures);

/// <summary>
/// Open dossiers' deadlines counted again under a version of the reference data (see <see cref="DeadlineRevision"/>
/// for the policy): which dossiers, the command each gets, and the calls, a few at a time. The administrators' API
/// uses it when a change applies at once; <see cref="IReferenceRevisionGrain"/> when one comes into force later, and
/// to try again the dossiers a revision could not reach.
/// </summary>
public static class DeadlineRevisions
{
    /// <summary>Dossiers asked at once.</summary>
    public const int Parallel = 16;

    /// <summary>The open dossiers a change of working time of <paramref name="offices"/> (every office when null) from <paramref name="from"/> could move.</summary>
    public static async Task<IReadOnlyList<string>> CandidatesAsync(IDossierIndex index, DateTimeOffset from, IReadOnlyCollection<string>? offices)
    {
        ArgumentNullException.ThrowIfNull(index);
        var codes = await index.DeadlinesFromAsync(from);
        return offices is null ? codes : [.. codes.Where(c => DossierCodeFormat.IsValid(c) && offices.Contains(DossierCodeFormat.OfficeCodeOf(c)))];
    }

    /// <summary>
    /// The revision of a dossier under <paramref name="version"/>: by its author, its summary (and legal basis) on the
    /// timeline, once per dossier and version.
    /// </summary>
    public static ReviseDeadline Command(ReferenceVersion version, AuditContext? audit)
    {
        ArgumentNullException.ThrowIfNull(version);
        var note = version.Stored.Note;
        var reason = note.Basis is { } basis ? $"{note.Summary} ({basis})" : note.Summary;
        return new ReviseDeadline(note.Author, reason, $"reference-v{version.Number}", audit, version.Number);
    }

    /// <summary>Revises each of <paramref name="codes"/> with <paramref name="command"/>.</summary>
    public static Task<RevisionOutcome> ReviseAsync(IGrainFactory grains, IReadOnlyList<string> codes, ReviseDeadline command)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return ForEachAsync(codes, code => grains.GetGrain<IDossierGrain>(code).ReviseDeadlineAsync(command));
    }

    /// <summary>
    /// Asks each of <paramref name="codes"/>, <see cref="Parallel"/> at a time, what moves (<paramref name="ask"/>); a
    /// dossier that fails is listed with why, and the others go on.
    /// </summary>
    public static async Task<RevisionOutcome> ForEachAsync(IReadOnlyList<string> codes, Func<string, Task<DeadlineShift?>> ask)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(ask);
        var shifts = new List<DeadlineShift>();
        var failures = new List<RevisionFailure>();
        using var gate = new SemaphoreSlim(Parallel);
        await Task.WhenAll(codes.Select(async code =>
        {
            await gate.WaitAsync();
            try
            {
                if (await ask(code) is { } shift)
                {
                    lock (shifts)
                    {
                        shifts.Add(shift);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                lock (shifts)
                {
                    failures.Add(new RevisionFailure(code, $"Chưa tính lại được hạn của hồ sơ {code}: {e.Message}"));
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return new RevisionOutcome(shifts, [.. failures.OrderBy(f => f.Code, StringComparer.Ordinal)]);
    }
}
