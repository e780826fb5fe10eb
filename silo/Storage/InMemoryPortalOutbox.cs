using CaseEngine.Domain.Dossiers;
using CaseEngine.Portals;

namespace CaseEngine.Storage;

/// <summary>The outbox in memory, for the memory demo and grain tests: the memory storage adds each dossier write's updates.</summary>
public sealed class InMemoryPortalOutbox : IPortalOutbox, ReadSide.IDossierWriteTarget
{
    private readonly Lock _gate = new();
    private readonly List<PortalUpdate> _updates = [];
    private readonly Dictionary<long, (DateTimeOffset RetryAt, DateTimeOffset? DeliveredAt)> _delivery = [];

    /// <summary>Adds a stored write's portal updates; one already there (the same dossier and step) is not added again.</summary>
    public void Apply(DossierWrite write)
    {
        lock (_gate)
        {
            foreach (var step in write.PortalUpdates)
            {
                if (_updates.Exists(u => u.DossierCode == step.DossierCode && u.Sequence == step.Sequence))
                {
                    continue;
                }

                var id = _updates.Count + 1L;
                _updates.Add(new PortalUpdate(
                    id, step.Portal, step.PortalDossierId, step.DossierCode, step.OfficeCode, step.ProcedureCode, step.Sequence, step.Kind,
                    step.Status, step.At, step.Handler, step.Note, step.DueAt));
                _delivery[id] = (DateTimeOffset.MinValue, null);
            }
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PortalUpdate>> DueAsync(Channel portal, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<PortalUpdate> due =
            [
                .. _updates
                    .Where(u => u.Portal == portal && _delivery[u.Id].DeliveredAt is null)
                    .GroupBy(u => u.DossierCode)
                    .Select(g => g.First())
                    .Where(u => u.DeadAt is null && _delivery[u.Id].RetryAt <= now)
                    .OrderBy(u => u.Id)
                    .Take(limit),
            ];
            return Task.FromResult(due);
        }
    }

    /// <inheritdoc />
    public Task MarkDeliveredAsync(long id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _delivery[id] = (_delivery[id].RetryAt, at);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task MarkFailedAsync(long id, string error, DateTimeOffset retryAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Update(id, u => u with { Attempts = u.Attempts + 1, LastError = error });
            _delivery[id] = (retryAt, null);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task MarkDeadAsync(long id, string error, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Update(id, u => u with { Attempts = u.Attempts + 1, LastError = error, DeadAt = at });
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PortalUpdate>> DeadAsync(Channel portal, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<PortalUpdate> dead = [.. _updates.Where(u => u.Portal == portal && u.DeadAt is not null && _delivery[u.Id].DeliveredAt is null)];
            return Task.FromResult(dead);
        }
    }

    /// <inheritdoc />
    public Task<bool> RetryAsync(Channel portal, long id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var index = _updates.FindIndex(u => u.Id == id && u.Portal == portal && u.DeadAt is not null && _delivery[u.Id].DeliveredAt is null);
            if (index < 0)
            {
                return Task.FromResult(false);
            }

            _updates[index] = _updates[index] with { DeadAt = null };
            _delivery[id] = (DateTimeOffset.MinValue, null);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<OutboxCounts> CountAsync(Channel portal, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var open = _updates.Where(u => u.Portal == portal && _delivery[u.Id].DeliveredAt is null).ToList();
            var pending = open.Where(u => u.DeadAt is null).ToList();
            return Task.FromResult(new OutboxCounts(pending.Count, open.Count - pending.Count, pending.Count == 0 ? null : pending.Min(u => u.At)));
        }
    }

    private void Update(long id, Func<PortalUpdate, PortalUpdate> change)
    {
        var index = _updates.FindIndex(u => u.Id == id);
        _updates[index] = change(_updates[index]);
    }
}
