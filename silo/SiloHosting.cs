using System.Net;
using CaseEngine.Domain.Reference;
using CaseEngine.Grains;
using CaseEngine.Grains.Reference;
using CaseEngine.Portals;
using CaseEngine.ReadSide;
using CaseEngine.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace CaseEngine.Silo;

/// <summary>Adds the Orleans silo of the engine to a host.</summary>
public static class SiloHosting
{
    /// <summary>Tag of the health checks that say whether this silo can serve: its cluster membership and its database.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Statements prepared automatically per database connection, unless the connection string says otherwise.</summary>
    public const int AutoPreparedStatements = 32;

    private const string Invariant = "Npgsql";

    /// <summary>
    /// Registers and reads the settings (<see cref="CaseEngineOptions"/>, <see cref="MembershipSettings"/>, checked
    /// again on start) and the reference data, and, for PostgreSQL, checks the database answers and migrates it; then registers the reference data, the system clock, the read side and a silo with the chosen
    /// providers. Anything wrong throws <see cref="EngineStartupException"/> or <see cref="ReferenceDataException"/>
    /// with a one-line message, before anything starts.
    /// </summary>
    public static async Task<IHostApplicationBuilder> AddCaseEngineSiloAsync(this IHostApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        var options = builder.AddEngineSettings(new CaseEngineOptionsValidator());
        builder.AddEngineSettings(new MembershipSettingsValidator());
        builder.Services.AddSingleton<ClusterChanges>();
        var seed = ReferenceDataFolder.Files(options.ReferenceDataPath);
        var seedReason = $"Nạp từ thư mục dữ liệu danh mục {Path.GetFullPath(options.ReferenceDataPath)} khi khởi động lần đầu";
        builder.Services.TryAddSingleton(TimeProvider.System);
        var health = builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag]);

        builder.Services.AddSingleton<DossierChanges>();
        if (options.Storage == StorageMode.Memory)
        {
            builder.Services.AddReferenceCatalog(await ReferenceCatalog.OpenAsync(new InMemoryReferenceStore(), seed, seedReason, DateTimeOffset.UtcNow, cancellationToken));
            builder.Services.AddSingleton<IDossierIndex, InMemoryDossierIndex>();
            builder.Services.AddSingleton<IPortalOutbox, InMemoryPortalOutbox>();
            builder.UseOrleans(silo => silo
                .UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId)
                .AddCaseEngineMemoryProviders()
                .AddStartupTask(StartPortalDispatchersAsync));
            return builder;
        }

        var connectionString = ConnectionString(builder.Configuration);
        await PostgreSqlDatabase.PrepareAsync(connectionString, options.MigrateOnStart, cancellationToken);
        var referenceStore = new PostgreSqlReferenceStore(connectionString);
        builder.Services.AddSingleton<IReferenceStore>(_ => referenceStore);
        try
        {
            builder.Services.AddReferenceCatalog(await ReferenceCatalog.OpenAsync(referenceStore, seed, seedReason, DateTimeOffset.UtcNow, cancellationToken));
        }
        catch (NpgsqlException e)
        {
            throw new EngineStartupException($"cannot read the reference data from the database: {e.Message}", e);
        }

        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        health.AddNpgSql(sp => sp.GetRequiredService<NpgsqlDataSource>(), name: "database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(3));
        builder.Services.AddSingleton<IDossierIndex, PostgreSqlDossierIndex>();
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<PostgreSqlDossierChangeListener>(sp, connectionString));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PostgreSqlDossierChangeListener>());
        builder.Services.AddSingleton<IPortalOutbox, PostgreSqlPortalOutbox>();
        builder.Services.AddOptions<ClusterMembershipOptions>().Configure<IOptions<MembershipSettings>>((o, membership) => membership.Value.ApplyTo(o));
        builder.UseOrleans(silo => silo
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            })
            .ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort)
            .AddCaseEnginePostgreSqlProviders(connectionString)
            .AddStartupTask(StartPortalDispatchersAsync));
        return builder;
    }

    /// <summary>
    /// Registers <paramref name="catalog"/>, its refresher, and the reference data in force, read anew by each request
    /// and grain call that asks for it (<see cref="ReferenceData"/> is transient: a saved change applies without a restart).
    /// </summary>
    public static IServiceCollection AddReferenceCatalog(this IServiceCollection services, ReferenceCatalog catalog)
    {
        services.AddSingleton(catalog);
        services.AddSingleton<CurrentReference>();
        services.AddTransient(sp => sp.GetRequiredService<CurrentReference>().Data);
        services.AddHostedService<ReferenceRefresher>();
        return services;
    }

    // Each portal's dispatcher keeps itself running with a reminder; starting it on every silo is harmless.
    private static async Task StartPortalDispatchersAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        foreach (var portal in new[] { Domain.Dossiers.Channel.NationalPortal, Domain.Dossiers.Channel.CityPortal })
        {
            await grains.GetGrain<Contracts.IPortalDispatcherGrain>(portal.ToString()).StartAsync();
        }
    }

    /// <summary>
    /// Memory storage and reminders: for the throwaway demo and the fast grain tests. Dossier writes' projections go to
    /// the registered read side and outbox when they are memory ones.
    /// </summary>
    public static ISiloBuilder AddCaseEngineMemoryProviders(this ISiloBuilder silo)
    {
        // The states are kept as the database keeps them (JsonStateSerializer): step kinds by name, stored members only.
        // Orleans' default serializer for memory storage knows nothing of the kinds' converter, and a dossier unloaded
        // after being idle read back without its steps' kinds.
        const string DossierStates = StorageNames.Dossiers + ".states";
        silo.AddMemoryGrainStorage(DossierStates, o => o.GrainStorageSerializer = JsonStateSerializer.Instance);
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Dossiers, (services, _) => new ProjectingMemoryStorage(
            services.GetRequiredKeyedService<IGrainStorage>(DossierStates),
            [services.GetRequiredService<IDossierIndex>(), services.GetRequiredService<IPortalOutbox>()]));
        silo.AddMemoryGrainStorage(StorageNames.Offices, o => o.GrainStorageSerializer = JsonStateSerializer.Instance);
        silo.AddMemoryGrainStorage(StorageNames.Portals, o => o.GrainStorageSerializer = JsonStateSerializer.Instance);
        silo.AddMemoryGrainStorage(StorageNames.Reference, o => o.GrainStorageSerializer = JsonStateSerializer.Instance);
        silo.UseInMemoryReminderService();
        return silo;
    }

    /// <summary>PostgreSQL clustering, grain storage and reminders through Orleans' ADO.NET providers.</summary>
    public static ISiloBuilder AddCaseEnginePostgreSqlProviders(this ISiloBuilder silo, string connectionString)
    {
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        return silo.AddCaseEnginePostgreSqlStorage(connectionString);
    }

    /// <summary>PostgreSQL grain storage and reminders (without clustering, which test clusters bring themselves).</summary>
    public static ISiloBuilder AddCaseEnginePostgreSqlStorage(this ISiloBuilder silo, string connectionString)
    {
        // State is stored as plain JSON (see JsonStateSerializer); a dossier's write carries its projection, which the
        // dossiers' write statement copies into the read side and the outbox. Dossiers, which write on every step, and
        // the reminders they register and remove commit in groups (GroupCommit); offices, portals and reference revisions
        // write seldom and use Orleans' ADO.NET provider. The dossiers' storage keeps the provider's table and rows, the
        // reminder table the reminder provider's.
        silo.Services.AddSingleton(services => new GroupCommit(connectionString, services.GetRequiredService<ILoggerFactory>()));
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Dossiers, (services, _) => new PostgreSqlDossierStorage(
            services.GetRequiredService<GroupCommit>(), services.GetRequiredService<IOptions<ClusterOptions>>()));
        foreach (var name in new[] { StorageNames.Offices, StorageNames.Portals, StorageNames.Reference })
        {
            silo.AddAdoNetGrainStorage(name, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
                o.GrainStorageSerializer = JsonStateSerializer.Instance;
            });
        }

        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable, PostgreSqlReminderTable>();
        return silo;
    }

    /// <summary>
    /// The connection string <c>ConnectionStrings:CaseEngine</c>, with pooled connections not reset on reuse
    /// (the providers keep no session state, and the reset costs a round trip per statement) and, unless it sets
    /// <c>Max Auto Prepare</c> itself, up to <see cref="AutoPreparedStatements"/> statements prepared per connection
    /// once used a few times (the providers send the same few statements as text; preparing them spares the server
    /// parsing and planning each one).
    /// </summary>
    public static string ConnectionString(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString(CaseEngineOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new EngineStartupException(
                "no database configured: set ConnectionStrings:CaseEngine (environment variable ConnectionStrings__CaseEngine), "
                + "or CaseEngine:Storage=Memory for a throwaway demo.");
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(configured) { NoResetOnClose = true };
            if (builder.MaxAutoPrepare == 0)
            {
                builder.MaxAutoPrepare = AutoPreparedStatements;
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new EngineStartupException($"ConnectionStrings:CaseEngine is not a valid PostgreSQL connection string: {e.Message}", e);
        }
    }
}
