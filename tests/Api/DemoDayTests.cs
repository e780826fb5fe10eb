using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Api.Demo;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Api;

/// <summary>The demo day: a working day of the 23 offices entered through the API, at every point of a dossier's life.</summary>
public sealed class DemoDayTests
{
    [Fact]
    public async Task ADemoDay_FillsEveryOffice_WithDossiersAtEveryPointOfTheirLives()
    {
        await using var factory = new ApiFactory();
        var summary = await DemoDay.SeedAsync(
            factory.CreateClient(), (role, office) => Tokens.For(role, office, user: DemoDay.DemoUser(role)), TestReferenceData.Shipped, seed: 2022);

        Assert.Equal(23, summary.ByOffice.Count);
        Assert.Equal(9, summary.ByOffice[TestReferenceData.District]);
        Assert.All(summary.ByOffice.Where(o => o.Key != TestReferenceData.District), o => Assert.InRange(o.Value, 2, 4));
        var statuses = new List<DossierStatus>();
        var reader = factory.CreateClientAs(Role.Administrator, TestReferenceData.District, districtWide: true);
        foreach (var office in summary.ByOffice.Keys)
        {
            var entries = await reader.GetFromJsonAsync<JsonElement>($"/api/offices/{office}/dossiers");
            statuses.AddRange(entries.EnumerateArray().Select(e => Enum.Parse<DossierStatus>(e.GetProperty("status").GetString()!)));
        }

        Assert.Equal(summary.Dossiers, statuses.Count);
        Assert.Superset(
            new HashSet<DossierStatus> { DossierStatus.Draft, DossierStatus.Received, DossierStatus.InProcessing, DossierStatus.AwaitingSignature, DossierStatus.ResultReady, DossierStatus.Returned },
            statuses.ToHashSet());
        Assert.True(summary.Steps > summary.Dossiers, $"{summary.Steps} steps for {summary.Dossiers} dossiers");
    }
}
