using Microsoft.Extensions.DependencyInjection;
using CaseEngine.Grains.Reference;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Contracts;
using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CaseEngine.Tests.Api;

/// <summary>
/// The holiday calendar administered through the API, in memory and on PostgreSQL: next year's days off entered on
/// 29 December 2026, with the shipped calendar ending two days later.
/// </summary>
public sealed class CalendarAdminApiTests
{
    // Tuesday 1 December 2026, 09:00 in Hà Nội: a silo's membership refuses a fake clock ahead of the real one, and this is
    // no later than the day these tests were written.
    internal static readonly DateTimeOffset Tuesday = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));

    // The working days the sample procedure takes in memory: enough to be due across New Year's Day 2027.
    internal const int LongProcedureDays = 25;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    internal static object Year2027(string? reason = "Theo thông báo nghỉ Tết Dương lịch 2027") => new
    {
        daysOff = new[] { new { from = "2027-01-01", to = "2027-01-01", name = "Tết Dương lịch 2027" } },
        makeUpWorkingDays = Array.Empty<object>(),
        notice = "Thông báo số 01/TB-TEST",
        reason,
    };

    // In memory: next year's New Year's day off, entered two days before the shipped calendar ends. On PostgreSQL, a
    // cluster's membership refuses a fake clock ahead of the real one, so there a day off is added to 2022, behind it.
    public static TheoryData<bool> Storages => [false, true];

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task ADayOffEntered_IsPreviewed_ThenMovesTheOpenDossierDueAcrossIt(bool postgres)
    {
        var (now, added) = postgres
            ? (TestReferenceData.FastTrackTuesday, new DateOnly(2022, 9, 15))
            : (Tuesday, new DateOnly(2027, 1, 1));
        var year = added.Year;
        await using var database = postgres ? await TestDatabase.CreateAsync("calendar") : null;
        var procedure = TestReferenceData.StandardDaysProcedure(OfficeLevel.District);
        var folder = postgres ? null : LongerProcedure(procedure.Code);
        await using var engine = new ApiFactory
        {
            Time = new FakeTimeProvider(now),
            ConnectionString = database?.ConnectionString,
            Settings = folder is null ? new Dictionary<string, string?>() : new Dictionary<string, string?> { ["CaseEngine:ReferenceDataPath"] = folder },
        };
        var officer = engine.CreateClientAs(Role.CounterOfficer, TestReferenceData.District);
        var admin = engine.CreateClientAs(Role.Administrator, TestReferenceData.District, districtWide: true);
        var created = await officer.PostAsJsonAsync($"/api/offices/{TestReferenceData.District}/dossiers", new
        {
            procedureCode = procedure.Code,
            applicant = new { fullName = "Lê Thị Dung", phone = "0987654321", citizenId = "001085012345", address = "Số 1 Trâu Quỳ, Gia Lâm, Hà Nội" },
            consent = "Signature",
            form = SampleForm.For(procedure),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dossier = (await created.Content.ReadFromJsonAsync<DossierView>(Json))!;

        // Due after the published calendar's end (in memory, in 2027) the due time is provisional, on the board too.
        Assert.Equal(!postgres, dossier.Sla!.Provisional);
        Assert.Equal(!postgres, await ProvisionalOnBoardAsync(engine, dossier.Code));
        if (!postgres)
        {
            // The shipped calendar ends on 31/12/2026: 30 days ahead, less than the 60 required.
            var body = await engine.CreateClient().GetStringAsync("/health/ready");
            Assert.Contains("Lịch nghỉ lễ, Tết", body, StringComparison.Ordinal);
            var ready = JsonDocument.Parse(body).RootElement;
            Assert.Equal("Degraded", ready.GetProperty("status").GetString());
            Assert.Contains("31/12/2026", Check(ready, "calendar").GetProperty("description").GetString(), StringComparison.Ordinal);
        }

        var office = TestReferenceData.Shipped.Offices[TestReferenceData.District].Calendar;
        var withTheDayOff = office.WithHolidays(new HolidaySchedule(
            [.. TestReferenceData.Shipped.Holidays.ToSchedule().DaysOff, new NamedDay(added, "Nghỉ thêm")], []).ToCalendar());
        var oldDue = dossier.Sla!.DueAt;
        var newDue = withTheDayOff.AddWorkingDays(dossier.Sla.ClockStartedAt, postgres ? procedure.ProcessingTime.WorkingDays!.Value : LongProcedureDays);
        Assert.True(office.LocalDate(oldDue) >= added, $"the sample must be due across {added}, is due {oldDue:O}");
        Assert.NotEqual(oldDue, newDue);

        // As the page does: the year as it is, one day off more.
        var entered = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/calendar/{year}");
        var request = new
        {
            daysOff = entered.GetProperty("daysOff").EnumerateArray()
                .Select(d => new { from = d.GetProperty("from").GetString(), to = d.GetProperty("to").GetString(), name = d.GetProperty("name").GetString() })
                .Append(new { from = (string?)Iso(added), to = (string?)Iso(added), name = (string?)"Nghỉ thêm" })
                .ToArray(),
            makeUpWorkingDays = entered.GetProperty("makeUpWorkingDays"),
            notice = "Thông báo số 01/TB-TEST",
            reason = "Theo thông báo nghỉ thêm",
            baseVersion = entered.GetProperty("version").GetInt32(),
        };

        var preview = await admin.PostAsJsonAsync($"/api/admin/calendar/{year}/preview", request);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var previewed = await preview.Content.ReadFromJsonAsync<JsonElement>();
        var first = previewed.GetProperty("shifts")[0];
        Assert.Equal(dossier.Code, first.GetProperty("code").GetString());
        Assert.Equal(oldDue, first.GetProperty("fromDue").GetDateTimeOffset());
        Assert.Equal(newDue, first.GetProperty("toDue").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromHours(7), first.GetProperty("toDue").GetDateTimeOffset().Offset);
        Assert.Equal($"Lịch nghỉ lễ, Tết năm {year}: thêm ngày nghỉ {HolidayYears.Day(added)}", previewed.GetProperty("summary").GetString());

        // A preview saves nothing.
        Assert.Equal(oldDue, (await officer.GetFromJsonAsync<DossierView>($"/api/dossiers/{dossier.Code}", Json))!.Sla!.DueAt);

        var saved = await admin.PutAsJsonAsync($"/api/admin/calendar/{year}", request);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var change = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, change.GetProperty("version").GetInt32());
        Assert.Equal(dossier.Code, change.GetProperty("revised")[0].GetProperty("code").GetString());
        Assert.Equal(0, change.GetProperty("failed").GetArrayLength());

        var after = (await officer.GetFromJsonAsync<DossierView>($"/api/dossiers/{dossier.Code}", Json))!;
        Assert.Equal((newDue, false), (after.Sla!.DueAt, after.Sla.Provisional));
        Assert.False(await ProvisionalOnBoardAsync(engine, dossier.Code));
        var history = await officer.GetFromJsonAsync<JsonElement[]>($"/api/dossiers/{dossier.Code}/history");
        var revision = history![^1];
        Assert.Equal("Revise", revision.GetProperty("kind").GetString());
        Assert.Contains(HolidayYears.Day(added), revision.GetProperty("note").GetString(), StringComparison.Ordinal);

        // The year reads back as entered and the change is on the audit trail.
        var readBack = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/calendar/{year}");
        Assert.Equal(request.daysOff.Length, readBack.GetProperty("daysOff").GetArrayLength());
        Assert.Equal(("Thông báo số 01/TB-TEST", 2), (readBack.GetProperty("notice").GetString(), readBack.GetProperty("version").GetInt32()));
        var versions = await admin.GetFromJsonAsync<JsonElement[]>("/api/admin/reference/versions");
        Assert.Equal((2, "Theo thông báo nghỉ thêm", "Thông báo số 01/TB-TEST", true), (
            versions![0].GetProperty("number").GetInt32(), versions[0].GetProperty("reason").GetString(),
            versions[0].GetProperty("basis").GetString(), versions[0].GetProperty("inForce").GetBoolean()));
        Assert.Equal("system", versions[1].GetProperty("author").GetString());
        if (postgres)
        {
            return;
        }

        // 2027 entered, the calendar reaches 31/12/2027.
        var healthy = await (await engine.CreateClient().GetAsync("/health/ready")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", Check(healthy, "calendar").GetProperty("status").GetString());
        Directory.Delete(folder!, recursive: true);
    }

    // The shipped reference data with procedure <paramref name="code"/> taking LongProcedureDays working days.
    internal static string LongerProcedure(string code)
    {
        var folder = Directory.CreateTempSubdirectory("caseengine-reference-").FullName;
        foreach (var (name, text) in CaseEngine.Silo.ReferenceDataFolder.Files(CaseEngine.Silo.ReferenceDataFolder.Shipped))
        {
            var content = text;
            if (name == ReferenceDataLoader.ProceduresFile)
            {
                var root = System.Text.Json.Nodes.JsonNode.Parse(text)!;
                var entry = root["procedures"]!.AsArray().Single(p => (string?)p!["code"] == code)!;
                entry["processingTime"] = new System.Text.Json.Nodes.JsonObject { ["workingDays"] = LongProcedureDays };
                content = root.ToJsonString();
            }

            File.WriteAllText(Path.Combine(folder, name), content);
        }

        return folder;
    }

    [Fact]
    public async Task BadSchedules_AreAnsweredFieldByFieldInVietnamese_AndOnlyDistrictAdministratorsMayChangeTheCalendar()
    {
        await using var engine = new ApiFactory { Time = new FakeTimeProvider(Tuesday) };
        var admin = engine.CreateClientAs(Role.Administrator, TestReferenceData.District, districtWide: true);

        var bad = await admin.PutAsJsonAsync("/api/admin/calendar/2027", new
        {
            daysOff = new object[]
            {
                new { from = "2027-02-10", to = "2027-02-05", name = "Tết" },
                new { from = "2027-04-30", to = "2027-05-01", name = "30/4 và 1/5" },
                new { from = "2027-05-01", to = "2027-05-02", name = "" },
            },
            makeUpWorkingDays = new[] { new { date = "2027-04-30", name = "Làm bù" } },
            reason = " ",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("trước ngày bắt đầu", errors.GetProperty("daysOff[0].to")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("01/05/2027", errors.GetProperty("daysOff[2].from")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("tên ngày nghỉ", errors.GetProperty("daysOff[2].name")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("vừa là ngày nghỉ", errors.GetProperty("makeUpWorkingDays[0].date")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("lý do", errors.GetProperty("reason")[0].GetString(), StringComparison.Ordinal);
        Assert.Single(await admin.GetFromJsonAsync<JsonElement[]>("/api/admin/reference/versions") ?? []);

        var stale = await admin.PutAsJsonAsync("/api/admin/calendar/2027", new { daysOff = Array.Empty<object>(), reason = "thử", baseVersion = 7 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var commune = engine.CreateClientAs(Role.Administrator, TestReferenceData.Commune);
        var refused = await commune.PutAsJsonAsync("/api/admin/calendar/2027", Year2027());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("cấp huyện", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var officer = engine.CreateClientAs(Role.CounterOfficer, TestReferenceData.District, districtWide: true);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/admin/calendar/2027")).StatusCode);

        // With a version waiting for its day, a calendar saved now would bring it into force early: refused.
        var catalog = engine.Services.GetRequiredService<ReferenceCatalog>();
        var now = engine.Time.GetUtcNow();
        await catalog.PublishAsync(catalog.Latest.Number, catalog.Latest.Stored.Files, now.AddDays(7), new ReferenceChangeNote("qtv.huyen", now, "Sau", null, "Sau"));
        var pending = await admin.PutAsJsonAsync("/api/admin/calendar/2027", Year2027());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pending.StatusCode);
        Assert.Contains("chờ áp dụng", (await pending.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACalendarSavedThroughOneEngine_IsUsedByASecondEngineOnTheSameDatabase_WithinSeconds()
    {
        await using var database = await TestDatabase.CreateAsync("calendartwo");
        // Each engine a cluster of its own, on its own clock: what the second sees comes from the database alone.
        var time = new FakeTimeProvider(TestReferenceData.FastTrackTuesday);
        await using var first = new ApiFactory { Time = new FakeTimeProvider(TestReferenceData.FastTrackTuesday), ConnectionString = database.ConnectionString };
        await using var second = new ApiFactory
        {
            Time = time,
            ConnectionString = database.ConnectionString,
            Settings = new Dictionary<string, string?> { ["CaseEngine:ClusterId"] = "second" },
        };
        var one = first.CreateClientAs(Role.Administrator, TestReferenceData.District, districtWide: true);
        var two = second.CreateClientAs(Role.Administrator, TestReferenceData.District, districtWide: true);
        Assert.Equal(0, (await two.GetFromJsonAsync<JsonElement>("/api/admin/calendar/2027")).GetProperty("daysOff").GetArrayLength());

        Assert.Equal(HttpStatusCode.OK, (await one.PutAsJsonAsync("/api/admin/calendar/2027", Year2027())).StatusCode);

        // The second engine reads the store every 2 s of its clock.
        time.Advance(TimeSpan.FromSeconds(2));
        var seen = await Eventually.GetAsync(
            () => two.GetFromJsonAsync<JsonElement>("/api/admin/calendar/2027"),
            year => year.GetProperty("version").GetInt32() == 2,
            TimeSpan.FromSeconds(10));
        Assert.Equal("Tết Dương lịch 2027", seen.GetProperty("daysOff")[0].GetProperty("name").GetString());
    }

    private static async Task<bool> ProvisionalOnBoardAsync(ApiFactory engine, string code)
    {
        var board = await engine.CreateClient().GetFromJsonAsync<JsonElement>($"/api/public/offices/{TestReferenceData.District}/board");
        return board.GetProperty("open").EnumerateArray().Single(l => l.GetProperty("code").GetString() == code).GetProperty("provisional").GetBoolean();
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonElement Check(JsonElement health, string name) =>
        health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
}
