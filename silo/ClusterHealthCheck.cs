using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CaseEngine.Silo;

/// <summary>
/// Healthy while this silo is an active member of a settled cluster; Degraded (still serving) while the cluster is
/// changing: another silo is joining or stopping, one joined, left or died since the last look, or a call found a
/// silo unreachable, within <see cref="MembershipSettings.ChangingForSeconds"/>; Unhealthy when this silo is not active.
/// </summary>
internal sealed class ClusterHealthCheck(
    IClusterMembershipService membership, ILocalSiloDetails local, ClusterChanges changes, IOptions<MembershipSettings> settings, TimeProvider time) : IHealthCheck
{
    private readonly Lock _gate = new();
    private Dictionary<SiloAddress, SiloStatus>? _othersSeen;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(local.SiloAddress);
        var others = snapshot.Members.Values.Where(m => !m.SiloAddress.Equals(local.SiloAddress)).ToDictionary(m => m.SiloAddress, m => m.Status);
        lock (_gate)
        {
            if (_othersSeen is not null && !SameStatuses(_othersSeen, others))
            {
                changes.Report();
            }

            _othersSeen = others;
        }

        var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        var data = new Dictionary<string, object> { ["silo"] = local.SiloAddress.ToString(), ["activeSilos"] = active };
        if (status != SiloStatus.Active)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"this silo is {status}", data: data));
        }

        var moving = others.Where(o => o.Value is SiloStatus.Joining or SiloStatus.ShuttingDown or SiloStatus.Stopping).Select(o => $"{o.Key} {o.Value}").ToList();
        if (moving.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"active in a cluster of {active}; cluster changing: {string.Join(", ", moving)}", data: data));
        }

        if (changes.Last is { } last && time.GetUtcNow() - last < TimeSpan.FromSeconds(settings.Value.ChangingForSeconds))
        {
            data["changedAt"] = last;
            return Task.FromResult(HealthCheckResult.Degraded($"active in a cluster of {active}; cluster changing (a silo joined, left, died or was unreachable at {last:O})", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"active in a cluster of {active}", data));
    }

    // The same silos alive, each in the same status: a silo that died, joined or moved on changes them.
    private static bool SameStatuses(Dictionary<SiloAddress, SiloStatus> before, Dictionary<SiloAddress, SiloStatus> now)
    {
        var alive = now.Where(n => n.Value != SiloStatus.Dead).ToList();
        return alive.Count == before.Count(b => b.Value != SiloStatus.Dead)
            && alive.All(n => before.TryGetValue(n.Key, out var seen) && seen == n.Value);
    }
}
