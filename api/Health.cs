using System.Text.Json;
using CaseEngine.Silo;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CaseEngine.Api;

/// <summary>One health check's outcome.</summary>
/// <param name="Name">Check name.</param>
/// <param name="Status">Healthy, Degraded or Unhealthy.</param>
/// <param name="Description">What it found.</param>
public sealed record HealthEntry(string Name, string Status, string? Description);

/// <summary>A health report.</summary>
/// <param name="Status">Overall status.</param>
/// <param name="Checks">Each check.</param>
public sealed record HealthResponse(string Status, IReadOnlyList<HealthEntry> Checks);

/// <summary>Liveness and readiness endpoints.</summary>
internal static class Health
{
    // Descriptions are Vietnamese: written as they are, not as \u escapes (the answer is JSON, never HTML).
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// <c>/health/live</c>: the process answers. <c>/health/ready</c>: this silo is active in its cluster, its database
    /// answers (PostgreSQL mode) and it is not shutting down; 503 otherwise.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithTags("Health").WithSummary("Liveness: the process answers");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(SiloHosting.ReadyTag), ResponseWriter = WriteAsync })
            .WithTags("Health").WithSummary("Readiness: active in the cluster, database reachable, not shutting down");
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var response = new HealthResponse(
            report.Status.ToString(),
            [.. report.Entries.Select(e => new HealthEntry(e.Key, e.Value.Status.ToString(), e.Value.Description ?? e.Value.Exception?.Message))]);
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(response, Json));
    }
}

/// <summary>Unhealthy once shutdown has begun, so load balancers stop sending requests here.</summary>
internal sealed class NotStoppingHealthCheck(Draining draining) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(draining.Stopping ? HealthCheckResult.Unhealthy("shutting down") : HealthCheckResult.Healthy("serving"));
}

/// <summary>
/// Degraded when the published holiday calendar covers less than <see cref="Domain.Calendar.CalendarCoverage.MinimumDaysAhead"/>
/// days ahead in the district's time zone: the engine serves, but deadlines past the calendar's end are provisional.
/// </summary>
internal sealed class CalendarCoverageHealthCheck(Grains.Reference.CurrentReference reference, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var coverage = Domain.Calendar.CalendarCoverage.Of(reference.Data, time.GetUtcNow());
        return Task.FromResult(coverage.Sufficient
            ? HealthCheckResult.Healthy($"holiday calendar published through {coverage.PublishedThrough:yyyy-MM-dd} ({coverage.DaysAhead} days ahead)")
            : HealthCheckResult.Degraded(coverage.Warning));
    }
}
