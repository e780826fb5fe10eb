using CaseEngine.Api.Portals;
using CaseEngine.Portals;
using CaseEngine.ReadSide;
using CaseEngine.Silo;
using Microsoft.Extensions.Configuration;
using Npgsql;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Reminders;
using Orleans.TestingHost;
using CaseEngine.Storage;

namespace CaseEngine.Tests.Durable;

/// <summary>
/// An in-process cluster whose grain state and reminders live in a PostgreSQL database, with grain and reminder time
/// on a shared <see cref="FakeTimeProvider"/>. Starting another one with the same database and service id is a
/// restart of the engine.
/// </summary>
public sealed class PostgreSqlTestCluster : IAsyncDisposable
{
    private PostgreSqlTestCluster(InProcessTestCluster cluster) => Cluster = cluster;

    public InProcessTestCluster Cluster { get; }

    public IGrainFactory Grains => Cluster.Client;

    public static async Task<PostgreSqlTestCluster> StartAsync(
        TestDatabase database, FakeTimeProvider time, string serviceId, int silos = 1, IReadOnlyDictionary<string, string?>? portals = null)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddReferenceCatalog(TestReferenceData.NewCatalog());
            silo.Services.AddSingleton<IDossierIndex, InMemoryDossierIndex>();
            silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(database.ConnectionString));
            silo.Services.AddSingleton<IPortalOutbox, PostgreSqlPortalOutbox>();
            silo.Services.AddEngineSettings(new PortalsSettingsValidator())
                .Bind(new ConfigurationBuilder().AddInMemoryCollection(portals ?? new Dictionary<string, string?>()).Build().GetSection(PortalsSettings.Section));
            silo.Services.AddCaseEnginePortals();
            silo.AddCaseEnginePostgreSqlStorage(database.ConnectionString);
            silo.Configure<ReminderOptions>(o => o.ReminderLoadingWindow = TimeSpan.FromDays(3650));
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                // Declare a killed silo dead within seconds.
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
            silo.Services.AddSingleton<TimeProvider>(time);
            silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, time);
        });
        if (Environment.GetEnvironmentVariable("CASEENGINE_TEST_LOG") is { } logFile)
        {
            builder.ConfigureSiloHost((_, host) => host.Logging.AddProvider(new FileLoggerProvider(logFile)));
        }

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new PostgreSqlTestCluster(cluster);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
