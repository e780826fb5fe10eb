using CaseEngine.Api;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Process;

/// <summary>
/// Tests that run the engine as separate processes. They run alone, one at a time: each needs the machine's cores
/// for its own engines, and their timings mean little when other tests compete.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "process";
}

/// <summary>What the process tests read of readiness reports and the membership table.</summary>
public static class Cluster
{
    /// <summary>Orleans' <c>SiloStatus.Active</c> as stored in <c>OrleansMembershipTable.Status</c>.</summary>
    public const int Active = 3;

    /// <summary>Orleans' <c>SiloStatus.Dead</c> as stored in <c>OrleansMembershipTable.Status</c>.</summary>
    public const int Dead = 6;

    /// <summary>Whether a readiness report says this silo is active in a cluster of <paramref name="size"/> (settled or still changing).</summary>
    public static Func<HealthResponse, bool> OfSize(int size) =>
        report => report.Checks.Any(c => c is { Name: "cluster", Status: "Healthy" or "Degraded" }
            && (c.Description == $"active in a cluster of {size}" || c.Description?.StartsWith($"active in a cluster of {size};", StringComparison.Ordinal) == true));

    /// <summary>Whether a readiness report says the cluster is changing.</summary>
    public static bool Changing(HealthResponse report) => report.Checks.Any(c => c is { Name: "cluster", Status: "Degraded" });

    /// <summary>The membership rows of the default cluster as "port:status", by port.</summary>
    public static async Task<string> MembershipAsync(TestDatabase database) =>
        await database.ScalarAsync<string>(
            "SELECT string_agg(Port || ':' || Status, ',' ORDER BY Port) FROM OrleansMembershipTable WHERE DeploymentId = 'caseengine'") ?? "";

    /// <summary>The status of the membership row of the silo on <paramref name="engine"/>'s silo port.</summary>
    public static async Task<int?> MemberStatusAsync(TestDatabase database, EngineProcess engine) =>
        await database.ScalarAsync<int?>("SELECT Status FROM OrleansMembershipTable WHERE Port = @port", ("port", engine.SiloPort));
}
