using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CaseEngine.Contracts;
using CaseEngine.Domain.Reference;
using CaseEngine.Grains.Reference;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CaseEngine.Tests.Api;

/// <summary>A dossier keeps the reference data version it was received under; a later version applies from its instant on.</summary>
public sealed class ReferenceVersionTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task AVersionSavedForTomorrow_AppliesFromTomorrow_ToNewDossiersOnly()
    {
        await using var engine = new ApiFactory();
        var officer = engine.CreateClientAs(Role.CounterOfficer, TestReferenceData.District);
        var procedure = TestReferenceData.StandardDaysProcedure(OfficeLevel.District);
        var days = procedure.ProcessingTime.WorkingDays!.Value;
        var earlier = await CreateAsync(officer, procedure);
        Assert.Equal(1, earlier.ReferenceVersion);

        // Version 2 gives the procedure five working days more, from tomorrow 00:00 in Hà Nội.
        var catalog = engine.Services.GetRequiredService<ReferenceCatalog>();
        var tomorrow = new DateTimeOffset(engine.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).Date.AddDays(1), TimeSpan.FromHours(7));
        var files = new Dictionary<string, string>(catalog.Latest.Stored.Files, StringComparer.Ordinal);
        var procedures = JsonNode.Parse(files[ReferenceDataLoader.ProceduresFile])!;
        procedures["procedures"]!.AsArray().Single(p => (string?)p!["code"] == procedure.Code)!["processingTime"] = new JsonObject { ["workingDays"] = days + 5 };
        files[ReferenceDataLoader.ProceduresFile] = procedures.ToJsonString();
        await catalog.PublishAsync(1, files, tomorrow, new ReferenceChangeNote("qtv.huyen", engine.Time.GetUtcNow(), "Quyết định mới", "QĐ 1/TEST", "Thời hạn giải quyết dài hơn"));

        // Today nothing changes: a new dossier still gets version 1.
        var today = await CreateAsync(officer, procedure);
        Assert.Equal((1, earlier.Sla!.DueAt.TimeOfDay), (today.ReferenceVersion, today.Sla!.DueAt.TimeOfDay));

        // Tomorrow a new dossier gets version 2 and the longer time; the earlier one keeps version 1 and its deadline.
        engine.Time.SetUtcNow(tomorrow.AddHours(9));
        var later = await CreateAsync(officer, procedure);
        var calendar = TestReferenceData.Shipped.Offices[TestReferenceData.District].Calendar;
        Assert.Equal(2, later.ReferenceVersion);
        Assert.Equal(calendar.AddWorkingDays(later.Sla!.ClockStartedAt, days + 5), later.Sla.DueAt);
        var kept = (await officer.GetFromJsonAsync<DossierView>($"/api/dossiers/{earlier.Code}", Json))!;
        Assert.Equal((1, earlier.Sla.DueAt), (kept.ReferenceVersion, kept.Sla!.DueAt));
    }

    internal static async Task<DossierView> CreateAsync(HttpClient officer, Procedure procedure)
    {
        var created = await officer.PostAsJsonAsync($"/api/offices/{TestReferenceData.District}/dossiers", new
        {
            procedureCode = procedure.Code,
            applicant = new { fullName = "Lê Thị Dung", phone = "0987654321", citizenId = "001085012345", address = "Số 1 Trâu Quỳ, Gia Lâm, Hà Nội" },
            consent = "Signature",
            form = SampleForm.For(procedure),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<DossierView>(Json))!;
    }
}
