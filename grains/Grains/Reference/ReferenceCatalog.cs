using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;

namespace CaseEngine.Grains.Reference;

/// <summary>Who changed the reference data, when, why and on what legal basis.</summary>
/// <param name="Author">The administrator's user id, or <see cref="ReferenceCatalog.SeedAuthor"/>.</param>
/// <param name="At">When the change was saved.</param>
/// <param name="Reason">Why, in the administrator's words.</param>
/// <param name="Basis">The decision or notice that decided it (số hiệu văn bản), when there is one.</param>
/// <param name="Summary">What changed, in Vietnamese.</param>
[GenerateSerializer, Immutable, Alias("caseengine.reference-change-note.v1")]
public sealed record ReferenceChangeNote(
    [property: Id(0)] string Author,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Reason,
    [property: Id(3)] string? Basis,
    [property: Id(4)] string Summary);

/// <summary>
/// One version of the reference data as stored: the files in the shipped format (<see cref="ReferenceDataLoader.Files"/>),
/// the instant from which it applies, and its audit note.
/// </summary>
/// <param name="Number">1, 2, …: each change makes the next one.</param>
/// <param name="EffectiveFrom">From when it applies.</param>
/// <param name="Files">The text of each file by name.</param>
/// <param name="Note">Who, when, why.</param>
public sealed record StoredReferenceVersion(int Number, DateTimeOffset EffectiveFrom, IReadOnlyDictionary<string, string> Files, ReferenceChangeNote Note);

/// <summary>Where the versions of the reference data are kept: PostgreSQL, or memory.</summary>
public interface IReferenceStore
{
    /// <summary>The versions numbered above <paramref name="number"/>, in order.</summary>
    Task<IReadOnlyList<StoredReferenceVersion>> ReadAfterAsync(int number, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="version"/>; false when a version of its number exists already.</summary>
    Task<bool> TryAppendAsync(StoredReferenceVersion version, CancellationToken cancellationToken = default);
}

/// <summary>A version of the reference data, parsed and checked.</summary>
/// <param name="Stored">As stored.</param>
/// <param name="Data">What the engine works with.</param>
public sealed record ReferenceVersion(StoredReferenceVersion Stored, ReferenceData Data)
{
    /// <summary>Its number.</summary>
    public int Number => Stored.Number;
}

/// <summary>
/// The reference data the engine works with, as administered: every version, each applying from its instant, the one
/// in force now being the highest-numbered one whose instant has come. Each process holds one catalog, refreshed from
/// its store when a change is saved here and every few seconds (the silo's refresher), so every silo uses a
/// new version within seconds of its saving; a caller that must see a given version asks for it
/// (<see cref="EnsureAsync"/>).
/// </summary>
public sealed class ReferenceCatalog
{
    /// <summary>The author of the first version, made from the shipped or configured files.</summary>
    public const string SeedAuthor = "system";

    /// <summary>From when the first version applies: before any dossier.</summary>
    public static readonly DateTimeOffset Beginning = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly IReferenceStore _store;
    private ReferenceVersion[] _versions = [];

    private ReferenceCatalog(IReferenceStore store) => _store = store;

    /// <summary>Raised after versions were added, with the newest number.</summary>
    public event Action<int>? Changed;

    /// <summary>The newest version, in force or not yet.</summary>
    public ReferenceVersion Latest => _versions[^1];

    /// <summary>Every version, oldest first.</summary>
    public IReadOnlyList<ReferenceVersion> Versions => _versions;

    /// <summary>
    /// Opens the catalog of <paramref name="store"/>; an empty store first gets version 1 from <paramref name="seed"/>
    /// (the files' texts by name), which must be valid.
    /// </summary>
    /// <exception cref="ReferenceDataException">The seed, or a stored version, cannot be used.</exception>
    public static async Task<ReferenceCatalog> OpenAsync(
        IReferenceStore store, IReadOnlyDictionary<string, string> seed, string seedReason, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var catalog = new ReferenceCatalog(store);
        await catalog.RefreshAsync(cancellationToken);
        if (catalog._versions.Length == 0)
        {
            ReferenceDataLoader.Parse(Text(seed));

            // Two silos starting together both try; one version 1 is kept, and both read it.
            var note = new ReferenceChangeNote(SeedAuthor, now, seedReason, null, "Dữ liệu ban đầu");
            await store.TryAppendAsync(new StoredReferenceVersion(1, Beginning, seed, note), cancellationToken);
            await catalog.RefreshAsync(cancellationToken);
        }

        return catalog;
    }

    /// <summary>The data of version <paramref name="number"/>, or null when there is none such here.</summary>
    public ReferenceData? Version(int number) =>
        number >= 1 && number <= _versions.Length ? _versions[number - 1].Data : null;

    /// <summary>The version in force at <paramref name="instant"/>.</summary>
    public ReferenceVersion InForce(DateTimeOffset instant)
    {
        var versions = _versions;
        for (var i = versions.Length - 1; i > 0; i--)
        {
            if (versions[i].Stored.EffectiveFrom <= instant)
            {
                return versions[i];
            }
        }

        return versions[0];
    }

    /// <summary>Reads the versions saved since the last read, by any process.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var known = _versions;
            var added = await _store.ReadAfterAsync(known.Length, cancellationToken);
            if (added.Count == 0)
            {
                return;
            }

            var next = new List<ReferenceVersion>(known);
            foreach (var stored in added.OrderBy(v => v.Number))
            {
                if (stored.Number != next.Count + 1)
                {
                    throw new InvalidOperationException($"Reference data version {stored.Number} follows version {next.Count}.");
                }

                // An office's new week applies from the version's day; the days before keep the weeks they were worked.
                var data = ReferenceDataLoader.Parse(Text(stored.Files));
                next.Add(new ReferenceVersion(stored, next.Count == 0 ? data : data.Following(next[^1].Data, stored.EffectiveFrom)));
            }

            // Two refreshes at once read the same versions; the first to finish keeps them, the other reads again.
            ReferenceVersion[] versions = [.. next];
            if (Interlocked.CompareExchange(ref _versions, versions, known) == known)
            {
                Changed?.Invoke(versions.Length);
                return;
            }
        }
    }

    /// <summary>Makes sure version <paramref name="number"/> is known here, reading the store when it is not yet.</summary>
    /// <exception cref="NotFoundException">No such version was saved.</exception>
    public async Task EnsureAsync(int number, CancellationToken cancellationToken = default)
    {
        if (_versions.Length < number)
        {
            await RefreshAsync(cancellationToken);
        }

        if (_versions.Length < number)
        {
            throw new NotFoundException($"Không có phiên bản dữ liệu danh mục số {number}.");
        }
    }

    /// <summary>
    /// Saves the next version after <paramref name="basedOn"/>: <paramref name="files"/>, applying from
    /// <paramref name="effectiveFrom"/>. The files are checked first, as at start-up.
    /// </summary>
    /// <exception cref="ReferenceDataException">The files cannot be used; nothing is saved.</exception>
    /// <exception cref="ConcurrencyConflictException">Another change was saved after <paramref name="basedOn"/>.</exception>
    public async Task<ReferenceVersion> PublishAsync(
        int basedOn, IReadOnlyDictionary<string, string> files, DateTimeOffset effectiveFrom, ReferenceChangeNote note, CancellationToken cancellationToken = default)
    {
        ReferenceDataLoader.Parse(Text(files));
        var stored = new StoredReferenceVersion(basedOn + 1, effectiveFrom, files, note);
        if (!await _store.TryAppendAsync(stored, cancellationToken))
        {
            await RefreshAsync(cancellationToken);
            throw new ConcurrencyConflictException(
                $"Dữ liệu danh mục vừa được thay đổi ở nơi khác (phiên bản {Latest.Number}); chưa có gì được ghi. Hãy đọc lại rồi thử lại.");
        }

        await RefreshAsync(cancellationToken);
        return _versions[stored.Number - 1];
    }

    private static Func<string, string> Text(IReadOnlyDictionary<string, string> files) => name =>
        files.TryGetValue(name, out var text)
            ? text
            : throw new ReferenceDataException(name, "(file)", "(file)", "is missing from the version");
}

/// <summary>The reference data in force now, by this process's clock: what long-lived services and grains read on each use.</summary>
/// <param name="catalog">Every version.</param>
/// <param name="time">The engine's clock.</param>
public sealed class CurrentReference(ReferenceCatalog catalog, TimeProvider time)
{
    /// <summary>Every version.</summary>
    public ReferenceCatalog Catalog => catalog;

    /// <summary>The version in force now.</summary>
    public ReferenceVersion Version => catalog.InForce(time.GetUtcNow());

    /// <summary>The data in force now.</summary>
    public ReferenceData Data => Version.Data;
}
