using System.Globalization;
using System.Text.Json;
using CaseEngine.Grains.Reference;
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

    /// <summary>The silos' reference data: the shipped set until a test saves another version.</summary>
    public ReferenceCatalog Reference { get; } = TestReferenceData.NewCatalog();

    /// <summary>Saves a version whose holiday calendar is <paramref name="holidays"/>, in force at once.</summary>
    public Task UseHolidaysAsync(HolidaySchedule holidays)
    {
        static object Day(NamedDay d) => new { date = d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), name = d.Name };
        var latest = Reference.Latest;
        var file = JsonSerializer.Serialize(new
        {
            lastYear = 2026,
            daysOff = holidays.DaysOff.Select(d => new { from = d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to = d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), name = d.Name }),
            makeUpWorkingDays = holidays.MakeUpDays.Select(Day),
        });
        var files = new Dictionary<string, string>(latest.Stored.Files, StringComparer.Ordinal) { [ReferenceDataLoader.HolidaysFile] = file };
        return Reference.PublishAsync(latest.Number, files, ReferenceCatalog.Beginning, new ReferenceChangeNote("test", Time.GetUtcNow(), "test", null, "test"));
    }

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddReferenceCatalog(Reference);
            silo.Services.AddSingleton<IDossierIndex>(Index);
            silo.Services.AddSingleton<IPortalOutbox>(Outbox);
            silo.Services.AddEngineSettings(new PortalsSettingsValidator());
            silo.Services.AddCaseEnginePortals();
            silo.AddCaseEngineMemoryProviders();

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

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
