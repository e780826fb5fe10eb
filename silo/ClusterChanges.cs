using Orleans.Configuration;

namespace CaseEngine.Silo;

/// <summary>
/// Cluster membership timings (<c>CaseEngine:Membership</c>), applied to Orleans' <see cref="ClusterMembershipOptions"/>.
/// The defaults suit silos on one machine or one local network: a silo that dies without a word is declared dead in
/// about <see cref="ProbeTimeoutSeconds"/> × <see cref="MissedProbesLimit"/> seconds (4 s), against Orleans' own
/// 5 s × 3. Across a slow or lossy network, raise them: a silo declared dead while alive stops itself.
/// </summary>
public sealed class MembershipSettings
{
    /// <summary>Configuration section.</summary>
    public const string Section = "CaseEngine:Membership";

    /// <summary>How long a silo waits for another's answer to a probe, and how often it probes, in seconds. Default 2 (Orleans: 5).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 60)]
    public int ProbeTimeoutSeconds { get; set; } = 2;

    /// <summary>Probes in a row a silo may miss before the prober suspects it and votes it dead. Default 2 (Orleans: 3).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10)]
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>How often each silo reads the whole membership table, in seconds (changes also spread by gossip at once). Default 10 (Orleans: 60).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 600)]
    public int TableRefreshSeconds { get; set; } = 10;

    /// <summary>How long after a membership change, or a call that failed because a silo was unreachable, readiness reports the cluster changing, in seconds. Default 15.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 600)]
    public int ChangingForSeconds { get; set; } = 15;

    internal void ApplyTo(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(ProbeTimeoutSeconds);
        options.NumMissedProbesLimit = MissedProbesLimit;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(TableRefreshSeconds);
    }
}

/// <summary>The checks of <see cref="MembershipSettings"/>: the ranges of its timings.</summary>
public sealed class MembershipSettingsValidator() : SettingsValidator<MembershipSettings>(MembershipSettings.Section);

/// <summary>
/// When this process last saw the cluster change: a silo joined, left or died (from membership), or a call failed
/// because the silo it went to was unreachable (reported by the callers, before membership has caught up).
/// Readiness reports the cluster changing for a while after either.
/// </summary>
public sealed class ClusterChanges(TimeProvider time)
{
    private long _lastTicks = long.MinValue;

    /// <summary>The last change seen, if any.</summary>
    public DateTimeOffset? Last => Interlocked.Read(ref _lastTicks) is var ticks and not long.MinValue ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Records that the cluster is changing now.</summary>
    public void Report() => Interlocked.Exchange(ref _lastTicks, time.GetUtcNow().UtcTicks);
}
