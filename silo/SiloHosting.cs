using System.Net;
using CaseEngine.Domain.Reference;
using CaseEngine.Grains;
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
    /// Reads and validates the settings and the reference data, and, for PostgreSQL, checks the database answers and
    /// migrates it; then registers the reference data, the system clock, the read side and a silo with the chosen
    /// providers. Anything wrong throws <see cref="EngineStartupException"/> or <see cref="ReferenceDataException"/>
    /// with a one-line message, before anything starts.
    /// </summary>
    public static async Task<IHostApplicationBuilder> AddCaseEngineSiloAsync(this IHostApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        var options = ReadOptions(builder.Configuration);
        var membership = ReadMembership(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(membership);
        builder.Services.AddSingleton<ClusterChanges>();
        builder.Services.AddSingleton(ReferenceDataFolder.Load(options.ReferenceDataPath));
        builder.Services.TryAddSingleton(TimeProvider.System);
        var health = builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag]);

        builder.Services.AddSingleton<DossierChanges>();
        if (options.Storage == StorageMode.Memory)
        {
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
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        health.AddNpgSql(sp => sp.GetRequiredService<NpgsqlDataSource>(), name: "database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(3));
        builder.Services.AddSingleton<IDossierIndex, PostgreSqlDossierIndex>();
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<PostgreSqlDossierChangeListener>(sp, connectionString));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PostgreSqlDossierChangeListener>());
        builder.Services.AddSingleton<IPortalOutbox, PostgreSqlPortalOutbox>();
        builder.UseOrleans(silo => silo
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            })
            .Configure<ClusterMembershipOptions>(membership.ApplyTo)
            .ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort)
            .AddCaseEnginePostgreSqlProviders(connectionString)
            .AddStartupTask(StartPortalDispatchersAsync));
        return builder;
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
        const string DossierStates = StorageNames.Dossiers + ".states";
        silo.AddMemoryGrainStorage(DossierStates);
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Dossiers, (services, _) => new ProjectingMemoryStorage(
            services.GetRequiredKeyedService<IGrainStorage>(DossierStates),
            [services.GetRequiredService<IDossierIndex>(), services.GetRequiredService<IPortalOutbox>()]));
        silo.AddMemoryGrainStorage(StorageNames.Offices);
        silo.AddMemoryGrainStorage(StorageNames.Portals);
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
        // State is stored as plain JSON (see JsonStateSerializer); a dossier's write carries its projection ahead of it
        // (DossierRecordSerializer), which the write query copies into the read side and the outbox.
        // Dossiers, which write on every step, commit in groups (PostgreSqlDossierStorage); offices and portals write
        // seldom and use Orleans' ADO.NET provider. Both call the same write function on the same table.
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Dossiers, (services, _) => new PostgreSqlDossierStorage(
            connectionString,
            services.GetRequiredService<IOptions<ClusterOptions>>(),
            services.GetRequiredService<ILoggerFactory>()));
        foreach (var name in new[] { StorageNames.Offices, StorageNames.Portals })
        {
            silo.AddAdoNetGrainStorage(name, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
                o.GrainStorageSerializer = JsonStateSerializer.Instance;
            });
        }

        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
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

    private static MembershipSettings ReadMembership(IConfiguration configuration)
    {
        MembershipSettings settings;
        try
        {
            settings = configuration.GetSection(MembershipSettings.Section).Get<MembershipSettings>() ?? new MembershipSettings();
        }
        catch (InvalidOperationException e)
        {
            throw new EngineStartupException($"the {MembershipSettings.Section} settings cannot be read: {e.Message.ReplaceLineEndings(" ")}", e);
        }

        var problems = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        return System.ComponentModel.DataAnnotations.Validator.TryValidateObject(settings, new(settings), problems, validateAllProperties: true)
            ? settings
            : throw new EngineStartupException($"{MembershipSettings.Section}: {string.Join(" ", problems.Select(p => p.ErrorMessage))}");
    }

    private static CaseEngineOptions ReadOptions(IConfiguration configuration)
    {
        CaseEngineOptions options;
        try
        {
            options = configuration.GetSection(CaseEngineOptions.Section).Get<CaseEngineOptions>() ?? new CaseEngineOptions();
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key and the value; the inner exception says what is wrong with it.
            var reason = e.InnerException is { } inner ? $"{e.Message.TrimEnd('.')} ({inner.Message.TrimEnd('.')})" : e.Message.TrimEnd('.');
            throw new EngineStartupException($"the {CaseEngineOptions.Section} settings cannot be read: {reason.ReplaceLineEndings(" ")}.", e);
        }

        string? problem = options switch
        {
            { ClusterId: null or "" } => "CaseEngine:ClusterId is empty",
            { ServiceId: null or "" } => "CaseEngine:ServiceId is empty",
            _ when !IPAddress.TryParse(options.AdvertisedAddress, out _) => $"CaseEngine:AdvertisedAddress '{options.AdvertisedAddress}' is not an IP address",
            { SiloPort: < 1 or > 65535 } => $"CaseEngine:SiloPort {options.SiloPort} is not a port",
            { GatewayPort: < 1 or > 65535 } => $"CaseEngine:GatewayPort {options.GatewayPort} is not a port",
            _ when options.SiloPort == options.GatewayPort => $"CaseEngine:SiloPort and GatewayPort are both {options.SiloPort}",
            _ when !Enum.IsDefined(options.Storage) => $"CaseEngine:Storage must be PostgreSql or Memory",
            _ => null,
        };
        return problem is null ? options : throw new EngineStartupException(problem + ".");
    }
}
