using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CaseEngine.Tests.Api;

/// <summary>The throwaway memory mode keeps dossiers as the database mode does.</summary>
public sealed class MemoryModeTests
{
    [Fact]
    public async Task ADossierUnloadedFromMemory_ReadsBackWithItsSteps()
    {
        await using var engine = new ApiFactory();
        var officer = engine.CreateClientAs(Role.CounterOfficer, TestReferenceData.District);
        var procedure = TestReferenceData.StandardDaysProcedure(OfficeLevel.District);
        var created = await officer.PostAsJsonAsync($"/api/offices/{TestReferenceData.District}/dossiers", new
        {
            procedureCode = procedure.Code,
            applicant = new { fullName = "Lê Thị Dung", phone = "0987654321", citizenId = "001085012345", address = "Số 1 Trâu Quỳ, Gia Lâm, Hà Nội" },
            consent = "Signature",
            form = SampleForm.For(procedure),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        var before = await officer.GetFromJsonAsync<JsonElement[]>($"/api/dossiers/{code}/history");

        // Every activation is unloaded, as when a dossier has been idle; the next request loads it from storage.
        await engine.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = await officer.GetFromJsonAsync<JsonElement[]>($"/api/dossiers/{code}/history");

        Assert.NotNull(before);
        Assert.NotNull(after);
        Assert.Equal(["Created", "Receive"], before.Select(s => s.GetProperty("kind").GetString()));
        Assert.Equal(before.Select(s => s.GetRawText()), after.Select(s => s.GetRawText()));
    }
}
