using System.Buffers;
using System.Net;

namespace CaseEngine.Bench;

/// <summary>
/// Lobby board event streams held open by the benchmark while it measures, over real HTTP to the hosted engine, one
/// connection each, spread round-robin over offices; each is read continuously and counts the boards it receives
/// (its <c>event: board</c> lines, found in the bytes without decoding them).
/// </summary>
internal sealed class BoardStreamReaders : IAsyncDisposable
{
    private static readonly byte[] BoardEvent = "event: board\n"u8.ToArray();

    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _readers = [];
    private long _frames;
    private int _ended;

    private BoardStreamReaders(Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Streams opened.</summary>
    public int Count => _readers.Count;

    /// <summary>Boards received so far, all streams together.</summary>
    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>Streams the engine ended before they were closed.</summary>
    public int Ended => Volatile.Read(ref _ended);

    /// <summary>
    /// Opens <paramref name="count"/> streams, the i-th of <paramref name="offices"/>[i mod n], and waits until each has
    /// received its first board.
    /// </summary>
    /// <exception cref="InvalidOperationException">A stream was refused, or not every stream had its first board in <paramref name="timeout"/>.</exception>
    public static async Task<BoardStreamReaders> OpenAsync(Uri baseAddress, IReadOnlyList<string> offices, int count, TimeSpan timeout)
    {
        var readers = new BoardStreamReaders(baseAddress);
        var first = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            first.Add(opened.Task);
            readers._readers.Add(readers.ReadAsync(offices[i % offices.Count], opened));
        }

        try
        {
            await Task.WhenAll(first).WaitAsync(timeout);
        }
        catch (Exception e)
        {
            await readers.DisposeAsync();
            throw new InvalidOperationException($"Not every lobby board stream opened: {e.Message}", e);
        }

        return readers;
    }

    /// <summary>Closes every stream.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_readers);
        _client.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync(string office, TaskCompletionSource opened)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/public/offices/{office}/board/events");
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                opened.TrySetException(new InvalidOperationException($"the stream of office {office} answered {(int)response.StatusCode}."));
                return;
            }

            await using var body = await response.Content.ReadAsStreamAsync(_stop.Token);
            var matched = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, _stop.Token)) > 0)
            {
                foreach (var b in buffer.AsSpan(0, read))
                {
                    // Lines of JSON start with "data: ", so the event line can only be itself.
                    matched = b == BoardEvent[matched] ? matched + 1 : b == BoardEvent[0] ? 1 : 0;
                    if (matched == BoardEvent.Length)
                    {
                        matched = 0;
                        Interlocked.Increment(ref _frames);
                        opened.TrySetResult();
                    }
                }
            }

            Interlocked.Increment(ref _ended);
            opened.TrySetException(new InvalidOperationException($"the stream of office {office} ended before its first board."));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            if (!_stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _ended);
            }

            opened.TrySetException(e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
