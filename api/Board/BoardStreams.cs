using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;

namespace CaseEngine.Api.Board;

/// <summary>Limits of the lobby boards' event streams and how their boards are read (<c>CaseEngine:Board</c>).</summary>
public sealed class BoardOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "CaseEngine:Board";

    /// <summary>
    /// Requests for a board's event stream allowed per minute from one client address (rate-limiting policy
    /// <c>board-stream</c>), refused or not; beyond that the answer is 429 with Retry-After. Default 60.
    /// </summary>
    [Range(1, 100_000)]
    public int StreamRequestsPerMinute { get; set; } = 60;

    /// <summary>
    /// How long, in milliseconds of the system clock, an office's board waits after a change before it is read again,
    /// so that the changes of a busy moment make one read for all its streams (a lobby board needs no more than one read a second). 0 reads at once. Default 1000.
    /// </summary>
    [Range(0, 10_000)]
    public int CoalesceMilliseconds { get; set; } = 1000;

    /// <summary>Streams open at once in this process, all offices together. Default 1000.</summary>
    [Range(1, 100_000)]
    public int MaxStreams { get; set; } = 1000;

    /// <summary>Streams open at once from one client address (an office's screens may share one). Default 20.</summary>
    [Range(1, 10_000)]
    public int MaxStreamsPerAddress { get; set; } = 20;
}

/// <summary>The checks of <see cref="BoardOptions"/>: the ranges of its limits.</summary>
public sealed class BoardOptionsValidator() : CaseEngine.Silo.SettingsValidator<BoardOptions>(BoardOptions.Section);

/// <summary>
/// Counts the open board streams. They are public and long-lived, so they are exempt from the per-minute limit of
/// the public endpoints (their requests have a rate limit of their own), and bounded instead by how many may be open
/// at once, in all and per client address. Checked before a stream does any work.
/// </summary>
public sealed class BoardStreams(Microsoft.Extensions.Options.IOptions<BoardOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _perAddress = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _total;

    /// <summary>Streams open now.</summary>
    public int Open => Volatile.Read(ref _total);

    /// <summary>A place for one more stream from <paramref name="address"/>, released on dispose; null when full.</summary>
    public IDisposable? TryEnter(string address)
    {
        lock (_gate)
        {
            var mine = _perAddress.GetValueOrDefault(address);
            if (_total >= options.Value.MaxStreams || mine >= options.Value.MaxStreamsPerAddress)
            {
                return null;
            }

            _perAddress[address] = mine + 1;
            _total++;
        }

        return new Place(this, address);
    }

    private void Leave(string address)
    {
        lock (_gate)
        {
            _total--;
            if (_perAddress.TryGetValue(address, out var mine) && mine <= 1)
            {
                _perAddress.TryRemove(address, out _);
            }
            else
            {
                _perAddress[address] = mine - 1;
            }
        }
    }

    private sealed class Place(BoardStreams owner, string address) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                owner.Leave(address);
            }
        }
    }
}
