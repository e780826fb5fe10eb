using System.Diagnostics;
using CaseEngine.Silo;
using Microsoft.Extensions.Options;

namespace CaseEngine.Api.Faults;

/// <summary>
/// Grain calls of the API, retried while the silo they went to cannot be reached: after a silo dies, calls to the
/// grains it held fail at once until membership declares it dead and the grains are activated elsewhere. Retrying for
/// a few seconds turns that window of 503s into slower answers. Only failures to reach a silo are retried, never a
/// timeout (the call may be running still) nor a database failure (answered 503 at once).
/// </summary>
public sealed partial class ClusterRetry(IOptions<FaultOptions> options, ClusterChanges changes, ILogger<ClusterRetry> logger)
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs <paramref name="call"/>, again while its silo cannot be reached and the retry time lasts. A step that
    /// failed that way may still have been applied before its silo died; when a retry is then refused (the dossier
    /// moved on, or already exists), <paramref name="settle"/> says whether the refusal is the first attempt's own
    /// success, by returning the result to answer with (null: the refusal stands).
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> call, Func<Exception, Task<T?>>? settle = null)
    {
        var budget = TimeSpan.FromSeconds(options.Value.ClusterRetrySeconds);
        var clock = Stopwatch.StartNew();
        var pause = FirstPause;
        var retries = 0;
        while (true)
        {
            try
            {
                var result = await call();
                if (retries > 0)
                {
                    LogRecovered(retries, clock.Elapsed.TotalMilliseconds);
                }

                return result;
            }
            catch (Exception e) when (retries > 0 && settle is not null && e is Domain.Dossiers.IllegalTransitionException or Domain.Dossiers.RuleViolationException)
            {
                if (await settle(e) is { } settled)
                {
                    return settled;
                }

                throw;
            }
            catch (Exception e) when (Unreachable(e) && clock.Elapsed + pause <= budget)
            {
                changes.Report();
                retries++;
                await Task.Delay(pause);
                pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
            }
        }
    }

    /// <summary>Whether <paramref name="exception"/> says the silo of the grain could not be reached (and no timeout is involved).</summary>
    public static bool Unreachable(Exception exception) =>
        ServiceFault.Of(exception) is { Kind: FaultKind.Cluster } && !ServiceFault.Chain(exception).Any(e => e is TimeoutException);

    [LoggerMessage(Level = LogLevel.Information, Message = "A grain call succeeded after {Retries} retries over {Milliseconds:0} ms while the cluster changed")]
    private partial void LogRecovered(int retries, double milliseconds);
}
