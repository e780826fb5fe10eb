using CaseEngine.Grains;
using CaseEngine.ReadSide;
using Orleans.Storage;

namespace CaseEngine.Storage;

/// <summary>
/// Dossier storage of the memory mode: Orleans' memory storage for the state, then the write's projection handed to the
/// memory read side and outbox, as the PostgreSQL write query copies it into its tables. A state read back carries no
/// write.
/// </summary>
/// <param name="inner">The memory storage.</param>
/// <param name="targets">The read side and the outbox, those of them that keep writes in memory.</param>
internal sealed class ProjectingMemoryStorage(IGrainStorage inner, IEnumerable<object> targets) : IGrainStorage
{
    private readonly IDossierWriteTarget[] _targets = [.. targets.OfType<IDossierWriteTarget>()];

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var write = grainState.State is DossierRecord record ? record.Write : null;
        if (write is not null)
        {
            ((DossierRecord)(object)grainState.State!).Write = null;
        }

        await inner.WriteStateAsync(stateName, grainId, grainState);
        if (write is not null)
        {
            foreach (var target in _targets)
            {
                target.Apply(write);
            }
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
}
