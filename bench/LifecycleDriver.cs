using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using HdrHistogram;

namespace CaseEngine.Bench;

/// <summary>
/// Takes planned dossiers through create → forward → submit-for-signature → approve → return over HTTP, a fixed
/// number of lifecycles in flight (closed loop) or at a fixed arrival rate (open loop), recording each request's latency
/// (send, or due time in the open loop, to last byte of the answer) per kind.
/// It keeps nothing per dossier: a dossier's code lives only while its lifecycle runs.
/// </summary>
internal sealed class LifecycleDriver : IDisposable
{
    private const long MaxLatencyMicroseconds = 60_000_000;
    private const int KeptErrorMessages = 10;

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _client;
    private readonly Func<string, Kind, AuthenticationHeaderValue> _authorization;
    private readonly Lock _errorsGate = new();
    private readonly List<string> _errorMessages = [];
    private long _completedTransitions;
    private long _errors;

    public LifecycleDriver(Uri baseAddress, int connections, Func<string, Kind, AuthenticationHeaderValue> authorization)
    {
        _authorization = authorization;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Latencies = [.. Enum.GetValues<Kind>().Select(_ => new LongConcurrentHistogram(1, MaxLatencyMicroseconds, 3))];
    }

    /// <summary>Latency in microseconds, per <see cref="Kind"/>.</summary>
    public LongConcurrentHistogram[] Latencies { get; }

    /// <summary>Transitions answered as expected so far.</summary>
    public long CompletedTransitions => Interlocked.Read(ref _completedTransitions);

    /// <summary>Requests that failed or answered something unexpected.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>The first few error messages.</summary>
    public IReadOnlyList<string> ErrorMessages
    {
        get
        {
            lock (_errorsGate)
            {
                return [.. _errorMessages];
            }
        }
    }

    /// <summary>Runs every dossier of the plan, <paramref name="concurrency"/> lifecycles at a time.</summary>
    public async Task RunAsync(DossierPlan plan, int concurrency)
    {
        var next = -1;
        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < plan.Dossiers.Length)
            {
                await RunLifecycleAsync(plan, plan.Dossiers[i]);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker)));
    }

    /// <summary>
    /// Runs every dossier of the plan open-loop: lifecycles start on a fixed schedule so that transitions arrive at
    /// <paramref name="transitionsPerSecond"/>, and each step of a lifecycle is due <paramref name="stepInterval"/>
    /// after the one before, or as soon as it answers if it answers later. A step's latency counts from when it was
    /// due, not from when it could be sent, so a slow engine is not hidden by the driver waiting for it.
    /// </summary>
    public async Task RunOpenLoopAsync(DossierPlan plan, double transitionsPerSecond, TimeSpan stepInterval)
    {
        var transitionsPerLifecycle = DossierPlan.Steps.Count + 1;
        var lifecycleInterval = TimeSpan.FromSeconds(transitionsPerLifecycle / transitionsPerSecond);
        var start = Stopwatch.GetTimestamp();
        var running = new List<Task>(plan.Dossiers.Length);
        for (var i = 0; i < plan.Dossiers.Length; i++)
        {
            var due = start + (long)(i * lifecycleInterval.TotalSeconds * Stopwatch.Frequency);
            await WaitUntilAsync(due);
            running.Add(RunLifecycleAsync(plan, plan.Dossiers[i], due, stepInterval));
        }

        await Task.WhenAll(running);
    }

    /// <summary>Forgets the latencies and counts recorded so far (after the warm-up).</summary>
    public void Reset()
    {
        foreach (var histogram in Latencies)
        {
            histogram.Reset();
        }

        Interlocked.Exchange(ref _completedTransitions, 0);
        Interlocked.Exchange(ref _errors, 0);
        lock (_errorsGate)
        {
            _errorMessages.Clear();
        }
    }

    public void Dispose() => _client.Dispose();

    private static async Task WaitUntilAsync(long timestamp)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    // Closed loop when dueAt is null: each step is sent when the one before answers, its latency counted from then.
    private async Task RunLifecycleAsync(DossierPlan plan, PlannedDossier dossier, long? dueAt = null, TimeSpan stepInterval = default)
    {
        var office = plan.Offices[dossier.Office].Code;
        var created = await SendAsync(Kind.Create, office, plan.CreatePaths[dossier.Office], plan.CreateBodies[dossier.Procedure], HttpStatusCode.Created, "Received", dueAt);
        if (created is not { } code)
        {
            return;
        }

        foreach (var step in DossierPlan.Steps)
        {
            if (dueAt is { } previous)
            {
                dueAt = previous + (long)(stepInterval.TotalSeconds * Stopwatch.Frequency);
                await WaitUntilAsync(dueAt.Value);
            }

            if (await SendAsync(step.Kind, office, $"/api/dossiers/{code}/{step.Path}", step.Body, HttpStatusCode.OK, step.ExpectedStatus, dueAt) is null)
            {
                return;
            }
        }
    }

    /// <summary>Sends one transition; the dossier's code if it answered as expected, else null (counted as an error).</summary>
    private async Task<string?> SendAsync(Kind kind, string office, string path, byte[] body, HttpStatusCode expected, string expectedStatus, long? dueAt)
    {
        var started = dueAt ?? Stopwatch.GetTimestamp();
        byte[] answer;
        HttpStatusCode status;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = Json;
            request.Headers.Authorization = _authorization(office, kind);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            answer = await response.Content.ReadAsByteArrayAsync();
            status = response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Fail($"{kind} {path}: {e.GetType().Name} {e.Message}");
            return null;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        Latencies[(int)kind].RecordValue(Math.Clamp((long)(elapsed.Ticks / 10), 1, MaxLatencyMicroseconds));
        if (status != expected)
        {
            Fail($"{kind} {path}: {(int)status} {System.Text.Encoding.UTF8.GetString(answer)}");
            return null;
        }

        var (code, dossierStatus) = Read(answer);
        if (code is null || dossierStatus != expectedStatus)
        {
            Fail($"{kind} {path}: status {dossierStatus ?? "missing"}, expected {expectedStatus}");
            return null;
        }

        Interlocked.Increment(ref _completedTransitions);
        return code;
    }

    private static (string? Code, string? Status) Read(byte[] answer)
    {
        try
        {
            using var view = JsonDocument.Parse(answer);
            var root = view.RootElement;
            return (root.TryGetProperty("code", out var code) ? code.GetString() : null,
                root.TryGetProperty("status", out var status) ? status.GetString() : null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private void Fail(string message)
    {
        Interlocked.Increment(ref _errors);
        lock (_errorsGate)
        {
            if (_errorMessages.Count < KeptErrorMessages)
            {
                _errorMessages.Add(message);
            }
        }
    }
}
