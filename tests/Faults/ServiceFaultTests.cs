using System.Net.Sockets;
using CaseEngine.Api.Faults;
using CaseEngine.Domain.Dossiers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CaseEngine.Tests.Faults;

/// <summary>
/// Failures of the database, the storage and the cluster are found however Orleans wrapped them, and are logged as
/// one counted line per cause and interval.
/// </summary>
public sealed class ServiceFaultTests
{
    [Fact]
    public void Of_StorageWriteAroundAdminShutdown_IsTheDatabase()
    {
        // What Orleans' ADO.NET storage throws when PostgreSQL restarts during a state write.
        var shutdown = new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown);
        var wrapped = new OrleansException("Error from storage provider AdoNetGrainStorage.dossiers during WriteStateAsync for grain dossier/018-220913-0001", shutdown);

        var fault = ServiceFault.Of(wrapped);

        Assert.Equal(new ServiceFault(FaultKind.Database, "PostgreSQL 57P01: terminating connection due to administrator command"), fault);
    }

    [Fact]
    public void Of_ReadThatCannotConnect_IsTheDatabase_NamingTheSocketError()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:55432", new SocketException((int)SocketError.ConnectionRefused));
        var wrapped = new AggregateException(new OrleansException("Error from storage provider AdoNetGrainStorage.dossiers during ReadStateAsync", refused));

        var fault = ServiceFault.Of(wrapped);

        Assert.Equal(FaultKind.Database, fault?.Kind);
        Assert.Equal("NpgsqlException: Failed to connect to 127.0.0.1:55432 (ConnectionRefused)", fault?.Cause);
    }

    [Fact]
    public void Of_ClusterAndStorageFailures_AreNamedSo()
    {
        Assert.Equal(FaultKind.Cluster, ServiceFault.Of(new SiloUnavailableException("silo S127.0.0.1:11111:1 is dead"))?.Kind);
        Assert.Equal(FaultKind.Cluster, ServiceFault.Of(new TimeoutException("Response did not arrive on time in 00:00:30"))?.Kind);
        Assert.Equal(FaultKind.Cluster, ServiceFault.Of(new InvalidOperationException("wrapped", new GatewayTooBusyException()))?.Kind);
        Assert.Equal(FaultKind.Storage, ServiceFault.Of(new OrleansException("Error from storage provider AdoNetGrainStorage.offices during WriteStateAsync"))?.Kind);
    }

    [Fact]
    public void Of_ABugOrARuleViolation_IsNoFault()
    {
        Assert.Null(ServiceFault.Of(new InvalidOperationException("a bug")));
        Assert.Null(ServiceFault.Of(new OrleansException("Something else")));
        Assert.Null(ServiceFault.Of(new RuleViolationException("A second supplement request")));
    }

    [Fact]
    public void FaultLog_LogsTheFirstAtOnce_ThenOneCountedLinePerInterval_AndForgetsAQuietCause()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var logger = new ListLogger();
        using var log = new FaultLog(Options.Create(new FaultOptions { IntervalSeconds = 10 }), time, logger);
        var restart = new ServiceFault(FaultKind.Database, "PostgreSQL 57P01: terminating connection due to administrator command");
        var refused = new ServiceFault(FaultKind.Database, "NpgsqlException: Failed to connect to 127.0.0.1:55432 (ConnectionRefused)");

        for (var i = 0; i < 500; i++)
        {
            log.Report(restart);
        }

        log.Report(refused);
        log.Report(refused);
        Assert.Equal(2, logger.Lines.Count);
        Assert.All(logger.Lines, line => Assert.StartsWith("Answering 503: Database unavailable", line, StringComparison.Ordinal));

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(4, logger.Lines.Count);
        Assert.Contains("Answered 503 to 499 more request(s): Database unavailable (PostgreSQL 57P01: terminating connection due to administrator command)", logger.Lines);
        Assert.Contains("Answered 503 to 1 more request(s): Database unavailable (NpgsqlException: Failed to connect to 127.0.0.1:55432 (ConnectionRefused))", logger.Lines);

        // A whole quiet interval: nothing logged, and the next failure of that cause is news again.
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(4, logger.Lines.Count);
        log.Report(restart);
        Assert.Equal(5, logger.Lines.Count);
        Assert.StartsWith("Answering 503: Database unavailable (PostgreSQL 57P01", logger.Lines[^1], StringComparison.Ordinal);
        Assert.All(logger.Exceptions, Assert.Null);
    }

    private sealed class ListLogger : ILogger<FaultLog>
    {
        private readonly Lock _gate = new();

        public List<string> Lines { get; } = [];

        public List<Exception?> Exceptions { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_gate)
            {
                Lines.Add(formatter(state, exception));
                Exceptions.Add(exception);
            }
        }
    }
}
