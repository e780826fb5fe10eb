using CaseEngine.Grains.Reference;

namespace CaseEngine.Storage;

/// <summary>The versions of the reference data in memory: for the throwaway demo and the fast tests.</summary>
public sealed class InMemoryReferenceStore : IReferenceStore
{
    private readonly Lock _gate = new();
    private readonly List<StoredReferenceVersion> _versions = [];

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredReferenceVersion>> ReadAfterAsync(int number, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<StoredReferenceVersion>>([.. _versions.Where(v => v.Number > number)]);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryAppendAsync(StoredReferenceVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        lock (_gate)
        {
            if (version.Number != _versions.Count + 1)
            {
                return Task.FromResult(false);
            }

            _versions.Add(version);
            return Task.FromResult(true);
        }
    }
}
