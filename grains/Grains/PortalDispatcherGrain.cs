using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Portals;
using Microsoft.Extensions.Logging;

namespace CaseEngine.Grains;

/// <summary>
/// Delivers one portal's updates. Each round takes the oldest undelivered update of every dossier that is due, sends
/// them side by side (different dossiers), records each outcome, and goes on while updates keep arriving. A failed
/// update is tried again with exponential backoff (2 s doubling to 5 min) and holds back its dossier's later ones; one
/// the portal refused waits for an administrator. The grain runs once in the cluster; a reminder wakes it every minute,
/// across restarts, and a timer at the next retry.
/// </summary>
[GrainType("portal-dispatcher")]
internal sealed partial class PortalDispatcherGrain(
    IPortalOutbox outbox,
    IPortalDelivery delivery,
    TimeProvider time,
    ILogger<PortalDispatcherGrain> logger) : Grain, IPortalDispatcherGrain, IRemindable
{
    internal const int BatchSize = 32;
    private const string Reminder = "dispatch";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromMinutes(10);

    private IGrainTimer? _retryTimer;

    private Channel Portal => Enum.Parse<Channel>(this.GetPrimaryKeyString());

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1: 2 s, 4 s, 8 s, … at most 5 minutes.</summary>
    internal static TimeSpan Backoff(int attempts) =>
        attempts >= 8 ? LastRetry : TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, FirstRetry.Ticks << Math.Max(0, attempts - 1)));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<Channel>(this.GetPrimaryKeyString(), out var portal) || portal == Channel.Counter)
        {
            throw new ArgumentException($"'{this.GetPrimaryKeyString()}' is not a portal.");
        }

        return Task.CompletedTask;
    }

    public async Task StartAsync() => await this.RegisterOrUpdateReminder(Reminder, ReminderPeriod, ReminderPeriod);

    public Task WakeAsync() => DispatchAsync();

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await DispatchAsync();

    public async Task<int> DispatchAsync()
    {
        var delivered = 0;
        DateTimeOffset? nextRetry = null;
        while (true)
        {
            var now = time.GetUtcNow();
            var due = await outbox.DueAsync(Portal, now, BatchSize);
            if (due.Count == 0)
            {
                break;
            }

            var outcomes = await Task.WhenAll(due.Select(update => DeliverAsync(update, now)));
            delivered += outcomes.Count(o => o.Delivered);
            foreach (var retryAt in outcomes.Select(o => o.RetryAt).OfType<DateTimeOffset>())
            {
                nextRetry = nextRetry is { } earlier && earlier < retryAt ? earlier : retryAt;
            }

            if (!outcomes.Any(o => o.Delivered))
            {
                break;
            }
        }

        ScheduleRetry(nextRetry);
        return delivered;
    }

    private async Task<(bool Delivered, DateTimeOffset? RetryAt)> DeliverAsync(PortalUpdate update, DateTimeOffset now)
    {
        DeliveryResult result;
        try
        {
            using var timeout = new CancellationTokenSource(AttemptTimeout);
            result = await delivery.DeliverAsync(update, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            result = new DeliveryResult(DeliveryOutcome.Failed, e.Message);
        }

        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                await outbox.MarkDeliveredAsync(update.Id, time.GetUtcNow());
                return (true, null);
            case DeliveryOutcome.Rejected:
                LogRejected(update.Portal, update.DossierCode, update.Sequence, result.Reason);
                await outbox.MarkDeadAsync(update.Id, result.Reason ?? "refused", time.GetUtcNow());
                return (false, null);
            default:
                var retryAt = now + Backoff(update.Attempts + 1);
                LogFailed(update.Portal, update.DossierCode, update.Sequence, update.Attempts + 1, result.Reason);
                await outbox.MarkFailedAsync(update.Id, result.Reason ?? "failed", retryAt);
                return (false, retryAt);
        }
    }

    // Retries sooner than the reminder's minute get a timer of their own.
    private void ScheduleRetry(DateTimeOffset? at)
    {
        _retryTimer?.Dispose();
        _retryTimer = null;
        if (at is { } retryAt && retryAt - time.GetUtcNow() is var wait && wait < ReminderPeriod)
        {
            _retryTimer = this.RegisterGrainTimer(
                async _ => await DispatchAsync(),
                new GrainTimerCreationOptions { DueTime = wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Period = Timeout.InfiniteTimeSpan });
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Portal} refused update {Sequence} of dossier {Code}: {Reason}")]
    private partial void LogRejected(Channel portal, string code, int sequence, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Portal} did not take update {Sequence} of dossier {Code} (attempt {Attempt}): {Reason}")]
    private partial void LogFailed(Channel portal, string code, int sequence, int attempt, string? reason);
}
