using System.Collections.Concurrent;
using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.ReadSide;
using Microsoft.Extensions.DependencyInjection;
using CaseEngine.Storage;

namespace CaseEngine.Tests.Web;

/// <summary>
/// The engine's read side, counting the lists it is asked for per office: one lobby board read asks for one list per
/// bucket and one of the results ready (<see cref="ListsPerBoard"/>).
/// </summary>
public sealed class CountingDossierIndex(IDossierIndex inner) : IDossierIndex, IDossierWriteTarget
{
    /// <summary>Lists one board read asks for.</summary>
    public static readonly int ListsPerBoard = Enum.GetValues<Bucket>().Length + 1;

    private readonly ConcurrentDictionary<string, int> _lists = new(StringComparer.Ordinal);

    /// <summary>Replaces the engine's read side in <paramref name="services"/> by a counting one around it.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var engine = services.Last(d => d.ServiceType == typeof(IDossierIndex));
        services.Remove(engine);
        services.AddSingleton<IDossierIndex>(sp => new CountingDossierIndex(engine.ImplementationType == typeof(InMemoryDossierIndex)
            ? new InMemoryDossierIndex(sp.GetRequiredService<DossierChanges>())
            : (IDossierIndex)ActivatorUtilities.CreateInstance(sp, engine.ImplementationType!)));
    }

    /// <summary>The counting read side of <paramref name="services"/>.</summary>
    public static CountingDossierIndex Of(IServiceProvider services) => (CountingDossierIndex)services.GetRequiredService<IDossierIndex>();

    /// <summary>Lists of <paramref name="officeCode"/>'s dossiers asked for so far.</summary>
    public int Lists(string officeCode) => _lists.GetValueOrDefault(officeCode);

    public void Apply(DossierWrite write) => (inner as IDossierWriteTarget)?.Apply(write);

    public Task<IReadOnlyList<string>> DeadlinesFromAsync(DateTimeOffset from, CancellationToken cancellationToken = default) =>
        inner.DeadlinesFromAsync(from, cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> CodesByCreationKeyAsync(string officeCode, DateTimeOffset from, CancellationToken cancellationToken = default) =>
        inner.CodesByCreationKeyAsync(officeCode, from, cancellationToken);

    public Task<IReadOnlyList<DossierSummary>> ListAsync(string officeCode, DossierFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        _lists.AddOrUpdate(officeCode, 1, (_, n) => n + 1);
        return inner.ListAsync(officeCode, filter, now, cancellationToken);
    }

    public Task<DossierCounts> CountAsync(string officeCode, DateTimeOffset? from, DateTimeOffset? before, CancellationToken cancellationToken = default) =>
        inner.CountAsync(officeCode, from, before, cancellationToken);

    public Task<IReadOnlyList<DossierFacts>> FactsAsync(FactsQuery query, CancellationToken cancellationToken = default) =>
        inner.FactsAsync(query, cancellationToken);
}
