using CaseEngine.Api.Portals;
using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Reference;
using CaseEngine.Portals;
using CaseEngine.ReadSide;
using CaseEngine.Silo;
using Microsoft.Extensions.Logging;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using CaseEngine.Grains;
using Orleans.Reminders;
using Orleans.TestingHost;
using CaseEngine.Storage;

namespace CaseEngine.Tests.Grains;

/// <summary>
/// An in-process Orleans cluster with memory storage, in-memory reminders and the memory read side, whose grains and reminders read a
/// <see cref="FakeTimeProvider"/> that starts on Tuesday 13 September 2022 at 09:00 in Hà Nội.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(TestReferenceData.FastTrackTuesday);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The read side the silos feed.</summary>
    public InMemoryDossierIndex Index { get; } = new();

    /// <summary>The portal outbox the silos feed.</summary>
    public InMemoryPortalOutbox Outbox { get; } = new();

    /// <summary>The reference data the silos give each new grain activation: the shipped data until a test swaps it.</summary>
    public SwappableReferenceData Reference { get; } = new(TestReferenceData.Shipped);

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            // Resolved per activation, so that a test can change the reference data a grain sees once it is reactivated.
            silo.Services.AddTransient(_ => Reference.Current);
            silo.Services.AddSingleton<IDossierIndex>(Index);
            silo.Services.AddSingleton<IPortalOutbox>(Outbox);
            silo.Services.AddEngineSettings(new PortalsSettingsValidator());
            silo.Services.AddCaseEnginePortals();
            silo.AddCaseEngineMemoryProviders();

            // Dossier states kept in memory as the engine stores them (JSON of the stored members, kinds by name), so
            // that a dossier reactivated in a test reads back what it wrote.
            silo.Services.Configure<MemoryGrainStorageOptions>(
                StorageNames.Dossiers + ".states", o => o.GrainStorageSerializer = JsonStateSerializer.Instance);

            // Keep every reminder in memory so a jump of the fake clock fires it at once.
            silo.Configure<ReminderOptions>(o => o.ReminderLoadingWindow = TimeSpan.FromDays(3650));
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, Time);
        });
        if (Environment.GetEnvironmentVariable("CASEENGINE_TEST_LOG") is { } logFile)
        {
            builder.ConfigureSiloHost((_, host) =>
            {
                host.Logging.AddProvider(new FileLoggerProvider(logFile));
                host.Logging.AddFilter("Orleans.Runtime.ReminderService", Microsoft.Extensions.Logging.LogLevel.Trace);
                host.Logging.AddFilter("CaseEngine", Microsoft.Extensions.Logging.LogLevel.Trace);
            });
        }

        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

/// <summary>
/// The reference data a test cluster serves, which a test may replace (a changed holiday calendar); grains activated
/// after the change see the new data. The engine itself registers one <see cref="ReferenceData"/> for its life.
/// </summary>
public sealed class SwappableReferenceData(ReferenceData initial)
{
    private volatile ReferenceData _current = initial;

    /// <summary>The data served now.</summary>
    public ReferenceData Current => _current;

    /// <summary>Serves the same data with <paramref name="holidays"/> as the national holiday calendar of every office.</summary>
    public void UseHolidays(HolidayCalendar holidays)
    {
        var data = _current;
        _current = new ReferenceData(
            data.Offices.Values.Select(o => o with { Calendar = o.Calendar.WithHolidays(holidays) }),
            data.Procedures.Values,
            data.RuleSet,
            holidays,
            data.Services.Values);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
