using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Process;

/// <summary>How one request of a load ended.</summary>
public enum Outcome
{
    /// <summary>2xx: the engine acknowledged the step.</summary>
    Acknowledged,

    /// <summary>503 problem with Retry-After.</summary>
    Unavailable,

    /// <summary>Any other HTTP status.</summary>
    UnexpectedStatus,

    /// <summary>The connection was refused: the request never reached the engine.</summary>
    Refused,

    /// <summary>The request was sent but the connection broke before a whole response came back.</summary>
    CutOff,

    /// <summary>No answer within the client's time limit.</summary>
    TimedOut,
}

/// <summary>One request of a load and how it ended.</summary>
/// <param name="Worker">Worker that sent it.</param>
/// <param name="Engine">Name of the engine process it went to.</param>
/// <param name="Step">"create" or the step's path segment.</param>
/// <param name="Code">Dossier code (for a creation, the one issued, if acknowledged).</param>
/// <param name="Started">When it was sent, from the start of the load.</param>
/// <param name="Ended">When it ended, from the start of the load.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="StatusCode">HTTP status, if a response came.</param>
/// <param name="Status">The dossier's status in the acknowledgement.</param>
/// <param name="Detail">Problem title, unexpected body or exception.</param>
/// <param name="RetryAfter">How long a 503 asked the client to wait.</param>
public sealed record LoadRequest(
    int Worker,
    string Engine,
    string Step,
    string? Code,
    TimeSpan Started,
    TimeSpan Ended,
    Outcome Outcome,
    int? StatusCode,
    DossierStatus? Status,
    string? Detail,
    TimeSpan? RetryAfter = null)
{
    public override string ToString() =>
        $"[{Started.TotalSeconds:0.000}-{Ended.TotalSeconds:0.000}s] worker {Worker} {Step} {Code} on {Engine}: {Outcome} {StatusCode} {Status} {Detail}";
}

/// <summary>The straight path of a dossier received at the counter, and the requests that take it.</summary>
public static class DossierPath
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Offices the load spreads over: the district and three communes.</summary>
    public static readonly string[] Offices = [TestReferenceData.District, "00526", TestReferenceData.Commune, "00532"];

    /// <summary>Statuses a counter dossier goes through in its history, from creation to the citizen.</summary>
    public static readonly DossierStatus[] Statuses =
        [DossierStatus.Draft, DossierStatus.Received, DossierStatus.InProcessing, DossierStatus.AwaitingSignature, DossierStatus.ResultReady, DossierStatus.Returned];

    public static object NewDossier(string office)
    {
        var procedure = TestReferenceData.FastTrackProcedure(office == TestReferenceData.District ? OfficeLevel.District : OfficeLevel.Commune);
        return new
        {
            procedureCode = procedure.Code,
            applicant = new { fullName = "Nguyễn Văn A", phone = "0912345678", citizenId = "001085012345", address = "Số 1 Trâu Quỳ, Gia Lâm, Hà Nội" }, consent = "Signature",
            actor = "officer1",
            form = SampleForm.For(procedure),
        };
    }

    /// <summary>The request that moves a dossier on from <paramref name="status"/>, or null once it is returned.</summary>
    public static (string Action, object Body)? Next(DossierStatus status) => status switch
    {
        DossierStatus.Received => ("forward", new { actor = "officer1", to = "specialist1" }),
        DossierStatus.InProcessing => ("submit-for-signature", new { actor = "specialist1", to = "leader1" }),
        DossierStatus.AwaitingSignature => ("approve", new { actor = "leader1" }),
        DossierStatus.ResultReady => ("return", new { actor = "officer1" }),
        _ => null,
    };

    /// <summary>Receives a dossier at <paramref name="office"/> through <paramref name="engine"/>.</summary>
    public static async Task<DossierView> CreateAsync(EngineProcess engine, string office)
    {
        using var response = await engine.Http.PostAsJsonAsync($"/api/offices/{office}/dossiers", NewDossier(office));
        return await ViewAsync(engine, response, HttpStatusCode.Created);
    }

    /// <summary>Takes the next step of the dossier through <paramref name="engine"/>.</summary>
    public static async Task<DossierView> AdvanceAsync(EngineProcess engine, DossierView dossier)
    {
        var (action, body) = Next(dossier.Status) ?? throw new InvalidOperationException($"{dossier.Code} is {dossier.Status}: nothing left to do.");
        using var response = await engine.Http.PostAsJsonAsync($"/api/dossiers/{dossier.Code}/{action}", body);
        return await ViewAsync(engine, response, HttpStatusCode.OK);
    }

    public static async Task<DossierView> GetAsync(EngineProcess engine, string code)
    {
        using var response = await engine.Http.GetAsync(new Uri($"/api/dossiers/{code}", UriKind.Relative));
        return await ViewAsync(engine, response, HttpStatusCode.OK);
    }

    public static async Task<HistoryEntry[]> HistoryAsync(EngineProcess engine, string code)
    {
        using var response = await engine.Http.GetAsync(new Uri($"/api/dossiers/{code}/history", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET history of {code} on {engine.Name}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<HistoryEntry[]>(body, Json)!;
    }

    /// <summary>The statuses a history went through, one per status change.</summary>
    public static DossierStatus[] StatusesOf(IEnumerable<HistoryEntry> history) => [.. history.Where(h => h.From != h.To).Select(h => h.To)];

    private static async Task<DossierView> ViewAsync(EngineProcess engine, HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} on {engine.Name}: expected {(int)expected}, got {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<DossierView>(body, Json)!;
    }
}

/// <summary>
/// Concurrent workers, each receiving a dossier and taking it along the straight path to the citizen, then the next;
/// requests go to the target engines in turn. A worker gives a dossier up at its first unacknowledged request, so
/// nothing is ever retried, and waits as a 503's Retry-After asks before its next one. Every request and how it ended
/// is recorded.
/// </summary>
public sealed class DossierLoad : IAsyncDisposable
{
    // After a failure a client waits before its next request: as long as a 503's Retry-After asks, else a moment.
    private static readonly TimeSpan BackOff = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentQueue<LoadRequest> _requests = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;
    private volatile EngineProcess[] _targets;
    private int _acknowledged;

    public DossierLoad(int workers, params EngineProcess[] targets)
    {
        _targets = targets;
        _workers = [.. Enumerable.Range(0, workers).Select(w => Task.Run(() => RunAsync(w)))];
    }

    /// <summary>Time since the load started, on the clock of <see cref="LoadRequest.Started"/>.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Acknowledged requests so far.</summary>
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>The requests that have ended so far.</summary>
    public IReadOnlyList<LoadRequest> Requests => [.. _requests];

    /// <summary>Sends the following requests to <paramref name="targets"/> only.</summary>
    public void RouteTo(params EngineProcess[] targets) => _targets = targets;

    /// <summary>Lets every request in flight end, stops the workers and returns every request, in the order they ended.</summary>
    public async Task<IReadOnlyList<LoadRequest>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        return [.. _requests];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await Task.WhenAll(_workers).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task RunAsync(int worker)
    {
        var turn = worker;
        var office = DossierPath.Offices[worker % DossierPath.Offices.Length];
        while (!_stop.IsCancellationRequested)
        {
            var request = await SendAsync(worker, Next(ref turn), "create", null, $"/api/offices/{office}/dossiers", DossierPath.NewDossier(office));
            while (request.Outcome == Outcome.Acknowledged && !_stop.IsCancellationRequested && DossierPath.Next(request.Status!.Value) is { } step)
            {
                request = await SendAsync(worker, Next(ref turn), step.Action, request.Code, $"/api/dossiers/{request.Code}/{step.Action}", step.Body);
            }

            if (request.Outcome != Outcome.Acknowledged)
            {
                await Task.Delay(request.RetryAfter ?? BackOff, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private EngineProcess Next(ref int turn)
    {
        var targets = _targets;
        return targets[turn++ % targets.Length];
    }

    private async Task<LoadRequest> SendAsync(int worker, EngineProcess engine, string step, string? code, string path, object body)
    {
        var started = _clock.Elapsed;
        Outcome outcome;
        int? statusCode = null;
        DossierStatus? status = null;
        string? detail = null;
        TimeSpan? retryAfter = null;
        try
        {
            using var response = await engine.Http.PostAsJsonAsync(path, body);
            statusCode = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                var view = JsonSerializer.Deserialize<DossierView>(text, DossierPath.Json)!;
                (outcome, code, status) = (Outcome.Acknowledged, view.Code, view.Status);
                Interlocked.Increment(ref _acknowledged);
            }
            else if (response.StatusCode == HttpStatusCode.ServiceUnavailable
                && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                && response.Headers.RetryAfter is { Delta: { } delay })
            {
                (outcome, retryAfter) = (Outcome.Unavailable, delay);
                detail = JsonSerializer.Deserialize<JsonElement>(text).GetProperty("title").GetString();
            }
            else
            {
                (outcome, detail) = (Outcome.UnexpectedStatus, text);
            }
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            (outcome, detail) = (Outcome.Refused, e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            (outcome, detail) = (Outcome.CutOff, $"{e.GetType().Name}: {e.Message} {e.InnerException?.GetType().Name}: {e.InnerException?.Message}");
        }
        catch (TaskCanceledException e)
        {
            (outcome, detail) = (Outcome.TimedOut, e.Message);
        }

        var request = new LoadRequest(worker, engine.Name, step, code, started, _clock.Elapsed, outcome, statusCode, status, detail, retryAfter);
        _requests.Enqueue(request);
        return request;
    }
}
