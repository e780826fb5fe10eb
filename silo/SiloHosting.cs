using CaseEngine.Domain.Reference;
using CaseEngine.Grains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CaseEngine.Silo;

/// <summary>Adds the Orleans silo of the engine to a host.</summary>
public static class SiloHosting
{
    /// <summary>
    /// Loads and validates the reference data (a bad file throws <see cref="ReferenceDataException"/> naming the file,
    /// entry and field, before anything starts), registers it and the system clock, and hosts a silo with memory grain
    /// storage and in-memory reminders.
    /// </summary>
    public static IHostApplicationBuilder AddCaseEngineSilo(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(CaseEngineOptions.Section).Get<CaseEngineOptions>() ?? new CaseEngineOptions();
        builder.Services.AddSingleton(ReferenceDataLoader.Load(options.ReferenceDataPath));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.UseOrleans(silo => AddCaseEngineProviders(silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort)));
        return builder;
    }

    /// <summary>The engine's storage and reminder providers on a silo, shared by the host and the test clusters.</summary>
    public static ISiloBuilder AddCaseEngineProviders(this ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(StorageNames.Dossiers);
        silo.AddMemoryGrainStorage(StorageNames.Offices);
        silo.UseInMemoryReminderService();
        return silo;
    }
}
