using CaseEngine.Grains.Reference;
using System.Text.Json;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.ReadSide;
using Microsoft.Extensions.Options;

namespace CaseEngine.Api.Board;

/// <summary>One read of an office's board, ready to send: the board, its server-sent event, and when it is due again.</summary>
/// <param name="Number">The office's board version in this process: 1 for the first read, one more for each read after.</param>
/// <param name="Board">The board.</param>
/// <param name="Frame">The event as every stream sends it, UTF-8: <c>event: board</c>, then <c>data:</c> and the board's JSON.</param>
/// <param name="RefreshAt">When it is to be read again though nothing changed (engine time, <see cref="LobbyBoards.RefreshAt"/>).</param>
public sealed record BoardVersion(long Number, LobbyBoard Board, ReadOnlyMemory<byte> Frame, DateTimeOffset RefreshAt);

/// <summary>
/// The lobby boards of this process, each read once per change and shared by all of its office's streams and by the
/// JSON board. An office has a feed while it has listeners or its board was asked for lately: the feed listens to
/// the office's changes (<see cref="DossierChanges"/>) from before its first read, so no change falls between a read
/// and the wait for the next; after a change it waits <see cref="BoardOptions.CoalesceMilliseconds"/> (system clock),
/// so that the changes of a busy moment fold into one read, then reads the board (<see cref="LobbyBoards.ReadAsync"/>),
/// turns it into its event once and hands the new version to whoever waits. It reads again at the board's
/// <see cref="LobbyBoards.RefreshAt"/> (engine time) while it has listeners. Without listeners it reads only when
/// asked; after a while without listeners or requests it stops listening and ends.
/// </summary>
public sealed partial class BoardFeeds(
    LobbyBoards boards,
    DossierChanges changes,
    CurrentReference reference,
    TimeProvider time,
    IOptions<BoardOptions> options,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    ILogger<BoardFeeds> logger) : IAsyncDisposable, IDisposable
{
    /// <summary>How long a feed without listeners lives on after its last listener or request (system clock).</summary>
    public static readonly TimeSpan IdleFor = TimeSpan.FromSeconds(30);

    private static readonly byte[] FrameStart = "event: board\ndata: "u8.ToArray();
    private static readonly byte[] FrameEnd = "\n\n"u8.ToArray();

    private readonly LobbyBoards _boards = boards;
    private readonly DossierChanges _changes = changes;
    private readonly TimeProvider _time = time;
    private readonly TimeSpan _coalesce = TimeSpan.FromMilliseconds(options.Value.CoalesceMilliseconds);
    private readonly Dictionary<string, OfficeBoardFeed> _feeds = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;
    private long _reads;

    /// <summary>Boards read so far, all offices together.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>A listener of <paramref name="officeCode"/>'s board, for one stream, until disposed.</summary>
    /// <exception cref="NotFoundException">No such office.</exception>
    public BoardListener Listen(string officeCode)
    {
        reference.Data.RequireOffice(officeCode);
        lock (_gate)
        {
            var feed = FeedLocked(officeCode);
            feed.AddListener();
            return new BoardListener(feed);
        }
    }

    /// <summary>
    /// <paramref name="officeCode"/>'s board now, for a single answer (the JSON board): the last version read when no
    /// change came since and it is not due a refresh; otherwise the next one, read once for all who wait for it.
    /// </summary>
    /// <exception cref="NotFoundException">No such office.</exception>
    public Task<BoardVersion> CurrentAsync(string officeCode, CancellationToken cancellationToken)
    {
        reference.Data.RequireOffice(officeCode);
        Task<BoardVersion> current;
        lock (_gate)
        {
            current = FeedLocked(officeCode).Current();
        }

        return current.WaitAsync(cancellationToken);
    }

    /// <summary>Stops every feed and waits for them to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Stop() is { } loops)
        {
            await Task.WhenAll(loops);
            _stopping.Dispose();
        }
    }

    /// <summary>Stops every feed without waiting.</summary>
    public void Dispose() => Stop();

    private Task[]? Stop()
    {
        Task[] loops;
        lock (_gate)
        {
            if (_disposed)
            {
                return null;
            }

            _disposed = true;
            loops = [.. _feeds.Values.Select(f => f.Loop)];
            _feeds.Clear();
        }

        _stopping.Cancel();
        return loops;
    }

    private OfficeBoardFeed FeedLocked(string officeCode)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_feeds.TryGetValue(officeCode, out var feed))
        {
            feed = new OfficeBoardFeed(this, officeCode);
            _feeds.Add(officeCode, feed);
            feed.Start();
        }

        return feed;
    }

    // Ends an idle feed, unless someone took it meanwhile: listeners and requests take feeds under the same lock.
    private bool TryRetire(OfficeBoardFeed feed)
    {
        lock (_gate)
        {
            if (!feed.TryClose())
            {
                return false;
            }

            if (_feeds.TryGetValue(feed.OfficeCode, out var known) && ReferenceEquals(known, feed))
            {
                _feeds.Remove(feed.OfficeCode);
            }

            return true;
        }
    }

    private void Forget(OfficeBoardFeed feed)
    {
        lock (_gate)
        {
            if (_feeds.TryGetValue(feed.OfficeCode, out var known) && ReferenceEquals(known, feed))
            {
                _feeds.Remove(feed.OfficeCode);
            }
        }
    }

    private byte[] Frame(LobbyBoard board)
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(board, json.Value.SerializerOptions);
        return [.. FrameStart, .. data, .. FrameEnd];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lobby board of office {OfficeCode} could not be read; its streams end and reconnect")]
    private partial void ReadFailed(Exception exception, string officeCode);

    /// <summary>One office's board: one subscription, one read per change, every version handed to all who wait.</summary>
    internal sealed class OfficeBoardFeed(BoardFeeds owner, string officeCode)
    {
        private readonly Lock _gate = new();
        private TaskCompletionSource<BoardVersion> _next = NewVersion();
        private Task<BoardVersion>? _current;
        private TaskCompletionSource? _wake;
        private bool _stale = true;
        private bool _asked;
        private bool _closed;
        private int _listeners;
        private long _lastUsed = TimeProvider.System.GetTimestamp();

        public string OfficeCode { get; } = officeCode;

        public Task Loop { get; private set; } = Task.CompletedTask;

        public void Start() => Loop = Task.Run(RunAsync);

        public void AddListener()
        {
            lock (_gate)
            {
                _listeners++;
                WakeLocked();
            }
        }

        public void RemoveListener()
        {
            lock (_gate)
            {
                _listeners--;
                _lastUsed = TimeProvider.System.GetTimestamp();

                // So that the loop starts counting its idle time.
                WakeLocked();
            }
        }

        /// <summary>The newest version after <paramref name="after"/>: at once if there is one, else when it is read.</summary>
        public Task<BoardVersion> NextAsync(long after)
        {
            lock (_gate)
            {
                return _current is { Result.Number: var number } current && number > after ? current : _next.Task;
            }
        }

        /// <summary>The current version for a single answer; asks for a read when it is stale.</summary>
        public Task<BoardVersion> Current()
        {
            lock (_gate)
            {
                _lastUsed = TimeProvider.System.GetTimestamp();
                if (!_stale && _current is { } current && owner._time.GetUtcNow() < current.Result.RefreshAt)
                {
                    return current;
                }

                _stale = true;
                _asked = true;
                WakeLocked();
                return _next.Task;
            }
        }

        public bool TryClose()
        {
            lock (_gate)
            {
                if (_closed || _listeners > 0 || TimeProvider.System.GetElapsedTime(_lastUsed) < IdleFor)
                {
                    return false;
                }

                _closed = true;
                return true;
            }
        }

        private static TaskCompletionSource<BoardVersion> NewVersion() => new(TaskCreationOptions.RunContinuationsAsynchronously);

        private void WakeLocked()
        {
            _wake?.TrySetResult();
            _wake = null;
        }

        private async Task RunAsync()
        {
            var stopping = owner._stopping.Token;
            try
            {
                // Listening starts before the first read, so that a change during a read always leads to another.
                using var listening = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                using var subscription = owner._changes.Subscribe(OfficeCode);
                try
                {
                    await ListenAsync(subscription, listening.Token);
                }
                finally
                {
                    // The last wait for a change ends cancelled rather than failing when the subscription closes.
                    await listening.CancelAsync();
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                Close(null);
            }
            catch (Exception e)
            {
                owner.ReadFailed(e, OfficeCode);
                owner.Forget(this);
                Close(e);
            }
        }

        // Until retired: reads when the board is stale and someone wants it, else waits for a change, a wish, the
        // refresh time or the end of idleness.
        private async Task ListenAsync(IDossierChangeSubscription subscription, CancellationToken cancellationToken)
        {
            var coalesce = owner._coalesce;
            var changed = subscription.WaitAsync(cancellationToken);
            long? changedAt = null;
            while (true)
            {
                // Changes signalled before a read are in that read.
                while (changed.IsCompleted)
                {
                    await changed;
                    changed = subscription.WaitAsync(cancellationToken);
                    changedAt ??= TimeProvider.System.GetTimestamp();
                    lock (_gate)
                    {
                        _stale = true;
                    }
                }

                Task wake;
                TimeSpan? untilRefresh = null;
                TimeSpan? untilIdle = null;
                lock (_gate)
                {
                    var now = owner._time.GetUtcNow();
                    if (_current is { } current && now >= current.Result.RefreshAt)
                    {
                        _stale = true;
                    }

                    if (_stale && (_listeners > 0 || _asked))
                    {
                        wake = Task.CompletedTask;
                    }
                    else
                    {
                        _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        wake = _wake.Task;
                        if (!_stale && _listeners > 0)
                        {
                            untilRefresh = _current!.Result.RefreshAt - now;
                        }

                        if (_listeners == 0)
                        {
                            untilIdle = IdleFor - TimeProvider.System.GetElapsedTime(_lastUsed);
                        }
                    }
                }

                if (wake.IsCompleted)
                {
                    var wait = changedAt is { } at ? coalesce - TimeProvider.System.GetElapsedTime(at) : TimeSpan.Zero;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, TimeProvider.System, cancellationToken);
                        continue;
                    }

                    changedAt = null;
                    await ReadAsync(cancellationToken);
                    continue;
                }

                if (untilIdle <= TimeSpan.Zero && owner.TryRetire(this))
                {
                    return;
                }

                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                List<Task> events = [changed, wake];
                if (untilRefresh is { } refresh)
                {
                    events.Add(Task.Delay(refresh > TimeSpan.Zero ? refresh : TimeSpan.Zero, owner._time, waiting.Token));
                }

                if (untilIdle is { } idle)
                {
                    events.Add(Task.Delay(idle > TimeSpan.Zero ? idle : TimeSpan.Zero, TimeProvider.System, waiting.Token));
                }

                await Task.WhenAny(events);
                await waiting.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        // While a read is in flight the board stays stale, so that a request for it joins this read.
        private async Task ReadAsync(CancellationToken cancellationToken)
        {
            var board = await owner._boards.ReadAsync(OfficeCode, cancellationToken);
            Interlocked.Increment(ref owner._reads);
            var frame = owner.Frame(board);
            var refreshAt = owner._boards.RefreshAt(board);
            TaskCompletionSource<BoardVersion> waiting;
            BoardVersion version;
            lock (_gate)
            {
                version = new BoardVersion((_current?.Result.Number ?? 0) + 1, board, frame, refreshAt);
                _current = Task.FromResult(version);
                _stale = false;
                _asked = false;
                waiting = _next;
                _next = NewVersion();
            }

            waiting.TrySetResult(version);
        }

        // Whoever still waits learns that no version will come from this feed.
        private void Close(Exception? failure)
        {
            TaskCompletionSource<BoardVersion> waiting;
            lock (_gate)
            {
                _closed = true;
                waiting = _next;
            }

            if (failure is null)
            {
                waiting.TrySetCanceled();
            }
            else
            {
                waiting.TrySetException(failure);

                // Observed here, so that a failure nobody waited for is not reported again as unobserved.
                _ = waiting.Task.Exception;
            }
        }
    }
}

/// <summary>One stream's hold on its office's board feed: the feed reads on while it has listeners.</summary>
public sealed class BoardListener : IDisposable
{
    private readonly BoardFeeds.OfficeBoardFeed _feed;
    private int _disposed;

    internal BoardListener(BoardFeeds.OfficeBoardFeed feed) => _feed = feed;

    /// <summary>
    /// The newest version of the board after version <paramref name="after"/> (0 for the first): at once when there is
    /// one, else when it is read. A listener that fell behind gets the newest and skips those between. Faults when the
    /// board could not be read; cancelled when the engine stops.
    /// </summary>
    public Task<BoardVersion> NextAsync(long after) => _feed.NextAsync(after);

    /// <summary>Lets the feed go.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _feed.RemoveListener();
        }
    }
}
