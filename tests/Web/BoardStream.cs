using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using CaseEngine.Api.Board;

namespace CaseEngine.Tests.Web;

/// <summary>A reader of a lobby board's event stream, as a browser's EventSource reads it: each 'board' event in order.</summary>
public sealed class BoardStream : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<(LobbyBoard Board, string Raw)> _boards = Channel.CreateUnbounded<(LobbyBoard, string)>();
    private readonly Task _reading;

    private BoardStream(HttpResponseMessage response)
    {
        _response = response;
        _reading = ReadAsync();
    }

    /// <summary>The answer's status and headers.</summary>
    public HttpResponseMessage Response => _response;

    /// <summary>Opens the stream of <paramref name="office"/>'s board.</summary>
    public static async Task<BoardStream> OpenAsync(HttpClient http, string office)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/public/offices/{office}/board/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new BoardStream(response);
    }

    /// <summary>The next board the server sends that satisfies <paramref name="wanted"/>, within <paramref name="timeout"/> (20 s).</summary>
    public async Task<(LobbyBoard Board, string Raw)> NextAsync(Func<LobbyBoard, bool> wanted, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            while (true)
            {
                var next = await _boards.Reader.ReadAsync(limit.Token);
                if (wanted(next.Board))
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            throw new TimeoutException("The board stream sent no such board in time.");
        }
    }

    private async Task ReadAsync()
    {
        if (_response.StatusCode != HttpStatusCode.OK)
        {
            _boards.Writer.TryComplete();
            return;
        }

        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_stop.Token));
            string? type = null;
            var data = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (type == "board" && data.Count > 0)
                    {
                        var raw = string.Join('\n', data);
                        await _boards.Writer.WriteAsync((JsonSerializer.Deserialize<LobbyBoard>(raw, Json)!, raw), _stop.Token);
                    }

                    type = null;
                    data.Clear();
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Add(line["data: ".Length..]);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            // Closed by the test or by the server.
        }
        finally
        {
            _boards.Writer.TryComplete();
        }
    }

    /// <summary>Completes when the server ends the stream.</summary>
    public Task Ended => _reading;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading;
        _stop.Dispose();
    }
}
