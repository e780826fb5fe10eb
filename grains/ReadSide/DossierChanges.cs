using System.Collections.Concurrent;
using System.Threading.Channels;

namespace CaseEngine.ReadSide;

/// <summary>
/// Tells this process's listeners (the lobby boards' streams) that an office's dossiers changed on the read side.
/// On PostgreSQL the signal comes from the database (a trigger's <c>pg_notify</c> on each committed change, from any
/// silo); in memory mode the memory read side raises it itself. Signals carry no data: a listener reads the read side
/// again. They coalesce: a listener that is busy when several changes come wakes once.
/// </summary>
public sealed class DossierChanges
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> _byOffice = new(StringComparer.Ordinal);

    /// <summary>Listeners in this process.</summary>
    public int Listeners => _byOffice.Values.Sum(s => s.Count);

    /// <summary>Signals the listeners of <paramref name="officeCode"/>.</summary>
    public void Publish(string officeCode)
    {
        if (_byOffice.TryGetValue(officeCode, out var subscriptions))
        {
            foreach (var subscription in subscriptions.Keys)
            {
                subscription.Signal();
            }
        }
    }

    /// <summary>Signals every listener: changes may have been missed (the database connection was lost).</summary>
    public void PublishAll()
    {
        foreach (var subscriptions in _byOffice.Values)
        {
            foreach (var subscription in subscriptions.Keys)
            {
                subscription.Signal();
            }
        }
    }

    /// <summary>Listens to <paramref name="officeCode"/>'s changes until disposed.</summary>
    public IDossierChangeSubscription Subscribe(string officeCode)
    {
        var subscription = new Subscription(this, officeCode);
        _byOffice.GetOrAdd(officeCode, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        if (_byOffice.TryGetValue(subscription.OfficeCode, out var subscriptions))
        {
            subscriptions.TryRemove(subscription, out _);
        }
    }

    private sealed class Subscription(DossierChanges owner, string officeCode) : IDossierChangeSubscription
    {
        // One pending signal at most: changes that come while the listener is busy fold into one.
        private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });

        public string OfficeCode { get; } = officeCode;

        public void Signal() => _pending.Writer.TryWrite(true);

        public async Task WaitAsync(CancellationToken cancellationToken) => await _pending.Reader.ReadAsync(cancellationToken);

        public void Dispose()
        {
            owner.Remove(this);
            _pending.Writer.TryComplete();
        }
    }
}

/// <summary>A listener's subscription to one office's changes.</summary>
public interface IDossierChangeSubscription : IDisposable
{
    /// <summary>The office listened to.</summary>
    string OfficeCode { get; }

    /// <summary>Completes when a change came since the last wait (at once if one is pending).</summary>
    Task WaitAsync(CancellationToken cancellationToken);
}
