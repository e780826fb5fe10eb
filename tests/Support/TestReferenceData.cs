using CaseEngine.Domain.Reference;
using CaseEngine.Grains.Reference;
using CaseEngine.Silo;
using CaseEngine.Storage;

namespace CaseEngine.Tests.Support;

/// <summary>The shipped Gia Lâm reference data, loaded once.</summary>
public static class TestReferenceData
{
    private static readonly Lazy<ReferenceData> Data = new(() => ReferenceDataFolder.Load(ReferenceDataFolder.Shipped));

    public static ReferenceData Shipped => Data.Value;

    /// <summary>A catalog of its own, in memory, whose version 1 is the shipped set.</summary>
    public static ReferenceCatalog NewCatalog() => ReferenceCatalog.OpenAsync(
        new InMemoryReferenceStore(), ReferenceDataFolder.Files(ReferenceDataFolder.Shipped), "test", ReferenceCatalog.Beginning).GetAwaiter().GetResult();

    public const string District = "018";
    public const string Commune = "00529";

    /// <summary>Tuesday 13 September 2022, 09:00 in Hà Nội: the first fast-track Tuesday of the seed's report.</summary>
    public static readonly DateTimeOffset FastTrackTuesday = new(2022, 9, 13, 9, 0, 0, TimeSpan.FromHours(7));

    public static Procedure FastTrackProcedure(OfficeLevel level) =>
        Shipped.Procedures.Values.First(p => p.Level == level && p.FastTrack);

    public static Procedure StandardDaysProcedure(OfficeLevel level) =>
        Shipped.Procedures.Values.First(p => p.Level == level && !p.FastTrack && p.ProcessingTime.WorkingDays is not null);
}

/// <summary>Waits for a condition with a timeout instead of sleeping a fixed time.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition was not met in time.");
            }

            await Task.Delay(50);
        }
    }
}
