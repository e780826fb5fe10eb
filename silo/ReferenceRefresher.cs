using CaseEngine.Grains.Reference;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CaseEngine.Silo;

/// <summary>
/// Reads the reference data versions other processes saved, every <see cref="Period"/>: a change saved through any
/// silo applies on every silo within seconds, without a restart. A database that does not answer is logged once, then
/// again when it answers.
/// </summary>
internal sealed partial class ReferenceRefresher(ReferenceCatalog catalog, TimeProvider time, ILogger<ReferenceRefresher> logger) : BackgroundService
{
    /// <summary>Between two reads of the store.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        var failing = false;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await catalog.RefreshAsync(stoppingToken);
                    if (failing)
                    {
                        LogRecovered();
                        failing = false;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    if (!failing)
                    {
                        LogFailed($"{e.GetType().Name}: {e.Message}");
                        failing = true;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reference data: the store cannot be read ({Cause}); trying again every 2 s")]
    private partial void LogFailed(string cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reference data: the store answers again")]
    private partial void LogRecovered();
}
