using System.Collections.Concurrent;
using System.Net.Sockets;
using Npgsql;
using Orleans.Serialization;

namespace CaseEngine.Api.Faults;

/// <summary>What kind of failure kept the engine from serving a request.</summary>
public enum FaultKind
{
    /// <summary>The database refused, dropped or did not answer (PostgreSQL restarting, stopped, unreachable).</summary>
    Database,

    /// <summary>Grain storage failed for another reason, reported by Orleans' storage provider.</summary>
    Storage,

    /// <summary>The cluster is changing: a silo died, is stopping or did not answer in time.</summary>
    Cluster,
}

/// <summary>A failure of the engine's own parts, found anywhere in an exception's chain.</summary>
/// <param name="Kind">What failed.</param>
/// <param name="Cause">The innermost cause, as one line: its type and message (and PostgreSQL's error code).</param>
public sealed record ServiceFault(FaultKind Kind, string Cause)
{
    /// <summary>
    /// The fault behind <paramref name="exception"/>, however Orleans or the storage provider wrapped it, or null when
    /// it is not a failure of the database, the storage or the cluster. A database cause anywhere in the chain wins
    /// over the wrappers around it.
    /// </summary>
    public static ServiceFault? Of(Exception exception)
    {
        ServiceFault? found = null;
        foreach (var e in Chain(exception))
        {
            var fault = e switch
            {
                PostgresException pg => new ServiceFault(FaultKind.Database, $"PostgreSQL {pg.SqlState}: {pg.MessageText}"),
                NpgsqlException npgsql => new ServiceFault(FaultKind.Database, Describe(npgsql)),
                UnavailableExceptionFallbackException { ExceptionType: { } type } when type.StartsWith("Npgsql.", StringComparison.Ordinal)
                    => new ServiceFault(FaultKind.Database, $"{type}: {e.Message}"),
                SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or GatewayTooBusyException
                    => new ServiceFault(FaultKind.Cluster, $"{e.GetType().Name}: {FirstLine(e.Message)}"),
                OrleansException when e.Message.StartsWith("Error from storage provider", StringComparison.Ordinal)
                    => new ServiceFault(FaultKind.Storage, $"{e.GetType().Name}: {FirstLine(e.Message)}"),
                _ => null,
            };
            if (fault is { Kind: FaultKind.Database })
            {
                return fault;
            }

            found ??= fault;
        }

        return found;
    }

    private static string Describe(NpgsqlException e) =>
        Chain(e).OfType<SocketException>().FirstOrDefault() is { } socket
            ? $"{e.GetType().Name}: {FirstLine(e.Message)} ({socket.SocketErrorCode})"
            : $"{e.GetType().Name}: {FirstLine(e.Message)}";

    private static string FirstLine(string message)
    {
        var line = message.AsSpan();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).Trim().ToString();
    }

    /// <summary><paramref name="exception"/> and its causes: inner exceptions, and each of an aggregate's.</summary>
    internal static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        var seen = 0;
        while (pending.TryPop(out var e) && seen++ < 32)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Reverse())
                {
                    pending.Push(inner);
                }
            }
            else if (e.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}

/// <summary>How the engine answers while a part of it fails (<c>CaseEngine:Faults</c>).</summary>
public sealed class FaultOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "CaseEngine:Faults";

    /// <summary>
    /// How often the count of each kind of failure is logged while it lasts, in seconds. The first failure of a
    /// kind is logged at once; those after it within the interval are counted and logged as one line when it ends.
    /// Default 10.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 3600)]
    public int IntervalSeconds { get; set; } = 10;

    /// <summary>
    /// How long a request whose grain is on a silo that cannot be reached (it died, and membership has not yet
    /// declared it dead) is retried inside the engine before it is answered 503, in seconds; 0 turns retries off.
    /// Keep it above the time membership takes to declare a silo dead. Default 10.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 120)]
    public int ClusterRetrySeconds { get; set; } = 10;
}

/// <summary>The checks of <see cref="FaultOptions"/>: the ranges of its intervals.</summary>
public sealed class FaultOptionsValidator() : CaseEngine.Silo.SettingsValidator<FaultOptions>(FaultOptions.Section);

/// <summary>
/// Logs the requests answered 503 because a part of the engine failed: one line per kind of failure and cause per
/// interval, with how many requests it turned away, instead of a stack trace per request. A database restart under
/// load turns away hundreds of requests a second, each with the same cause.
/// </summary>
public sealed partial class FaultLog : IDisposable
{
    private readonly ConcurrentDictionary<(FaultKind Kind, string Cause), Counter> _counters = new();
    private readonly ILogger<FaultLog> _logger;
    private readonly ITimer _timer;

    /// <summary>Creates the log; it flushes its counts every <see cref="FaultOptions.IntervalSeconds"/>.</summary>
    public FaultLog(Microsoft.Extensions.Options.IOptions<FaultOptions> options, TimeProvider time, ILogger<FaultLog> logger)
    {
        _logger = logger;
        var interval = TimeSpan.FromSeconds(options.Value.IntervalSeconds);
        _timer = time.CreateTimer(_ => Flush(), null, interval, interval);
    }

    /// <summary>Counts one request answered 503 because of <paramref name="fault"/>; logs it at once if it is the first of its kind.</summary>
    public void Report(ServiceFault fault)
    {
        var counter = _counters.GetOrAdd((fault.Kind, fault.Cause), _ => new Counter());
        if (Interlocked.Increment(ref counter.Pending) == 1 && Interlocked.Exchange(ref counter.Announced, 1) == 0)
        {
            // The first of its kind since it was last quiet: said now, and not counted again at the next flush.
            Interlocked.Decrement(ref counter.Pending);
            LogFirst(fault.Kind, fault.Cause);
        }
    }

    /// <summary>Logs the counts gathered since the last flush, and forgets causes that stayed quiet for a whole interval.</summary>
    public void Flush()
    {
        foreach (var ((kind, cause), counter) in _counters)
        {
            var count = Interlocked.Exchange(ref counter.Pending, 0);
            if (count > 0)
            {
                LogCount(kind, count, cause);
            }
            else if (_counters.TryRemove(new KeyValuePair<(FaultKind, string), Counter>((kind, cause), counter)))
            {
                // Quiet for an interval: its next occurrence is news again.
                if (Interlocked.Exchange(ref counter.Pending, 0) is var late and > 0)
                {
                    LogCount(kind, late, cause);
                }
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _timer.Dispose();
        Flush();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answering 503: {Kind} unavailable ({Cause}); further requests failing the same way are counted")]
    private partial void LogFirst(FaultKind kind, string cause);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503 to {Count} more request(s): {Kind} unavailable ({Cause})")]
    private partial void LogCount(FaultKind kind, int count, string cause);

    private sealed class Counter
    {
        public int Pending;
        public int Announced;
    }
}
