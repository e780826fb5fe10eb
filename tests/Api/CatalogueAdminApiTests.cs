using Microsoft.Extensions.DependencyInjection;
using CaseEngine.Grains.Reference;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Contracts;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;
using MiniExcelLibs;

namespace CaseEngine.Tests.Api;

/// <summary>
/// The procedure catalogue, the offices and the rule set administered through the API, on the default clock (Tuesday
/// 13 September 2022, 09:00 in Hà Nội): one procedure changed now or from next week, bad bodies, and the catalogue out
/// to an Excel workbook and back.
/// </summary>
public sealed class CatalogueAdminApiTests
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static readonly Procedure Sample = TestReferenceData.StandardDaysProcedure(OfficeLevel.District);

    public static TheoryData<bool> Storages => [false, true];

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task AProcedureGivenALongerTime_NewDossiersGetIt_WhileAnOpenOneKeepsItsDeadline(bool postgres)
    {
        await using var database = postgres ? await TestDatabase.CreateAsync("catalogue") : null;
        await using var engine = new ApiFactory { ConnectionString = database?.ConnectionString };
        var officer = engine.CreateClientAs(Role.CounterOfficer, TestReferenceData.District);
        var admin = engine.CreateClientAs(Role.Administrator, TestReferenceData.District, districtWide: true);
        var before = await CreateAsync(officer);

        var catalogue = await admin.GetFromJsonAsync<JsonElement>("/api/admin/procedures");
        Assert.Equal(1, catalogue.GetProperty("version").GetProperty("version").GetInt32());
        var entry = catalogue.GetProperty("procedures").EnumerateArray().Single(p => p.GetProperty("code").GetString() == Sample.Code);
        var days = entry.GetProperty("processingTime").GetProperty("workingDays").GetInt32();
        Assert.Equal(Sample.ProcessingTime.WorkingDays, days);

        var saved = await admin.PutAsJsonAsync($"/api/admin/procedures/{Sample.Code}", Request(Sample, days + 5, baseVersion: 1));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var change = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, true), (change.GetProperty("version").GetInt32(), change.GetProperty("inForce").GetBoolean()));
        Assert.Equal($"Danh mục thủ tục: {Sample.Code}: đổi thời hạn giải quyết", change.GetProperty("summary").GetString());

        var after = await CreateAsync(officer);
        var calendar = TestReferenceData.Shipped.Offices[TestReferenceData.District].Calendar;
        Assert.Equal(calendar.AddWorkingDays(after.Sla!.ClockStartedAt, days + 5), after.Sla.DueAt);
        var kept = (await officer.GetFromJsonAsync<DossierView>($"/api/dossiers/{before.Code}", Json))!;
        Assert.Equal(before.Sla!.DueAt, kept.Sla!.DueAt);
        Assert.Equal(calendar.AddWorkingDays(before.Sla.ClockStartedAt, days), kept.Sla.DueAt);

        var readBack = await admin.GetFromJsonAsync<JsonElement>("/api/admin/procedures");
        Assert.Equal(days + 5, readBack.GetProperty("procedures").EnumerateArray()
            .Single(p => p.GetProperty("code").GetString() == Sample.Code).GetProperty("processingTime").GetProperty("workingDays").GetInt32());
        var versions = await admin.GetFromJsonAsync<JsonElement[]>("/api/admin/reference/versions");
        Assert.Equal((2, "Kéo dài thời hạn giải quyết", "Quyết định số 12/QĐ-UBND", true), (
            versions![0].GetProperty("number").GetInt32(), versions[0].GetProperty("reason").GetString(),
            versions[0].GetProperty("basis").GetString(), versions[0].GetProperty("inForce").GetBoolean()));

        // Based on version 1 still: someone else's change came first.
        var stale = await admin.PutAsJsonAsync($"/api/admin/procedures/{Sample.Code}", Request(Sample, days, baseVersion: 1));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }

    [Fact]
    public async Task AChangeFromNextTuesday_AppliesOnlyFromThen()
    {
        await using var engine = new ApiFactory();
        var officer = engine.CreateClientAs(Role.CounterOfficer, TestReferenceData.District);
        var admin = engine.CreateClientAs(Role.Administrator, TestReferenceData.District, districtWide: true);
        var days = Sample.ProcessingTime.WorkingDays!.Value;
        var nextTuesday = new DateTimeOffset(2022, 9, 20, 0, 0, 0, TimeSpan.FromHours(7));

        var saved = await admin.PutAsJsonAsync($"/api/admin/procedures/{Sample.Code}", Request(Sample, days + 2, baseVersion: 1, effectiveFrom: nextTuesday));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.False((await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("inForce").GetBoolean());

        // Until then the catalogue in force is version 1, and a dossier gets the old time.
        var pending = await admin.GetFromJsonAsync<JsonElement>("/api/admin/procedures");
        Assert.Equal((1, 2), (pending.GetProperty("version").GetProperty("version").GetInt32(), pending.GetProperty("version").GetProperty("latestVersion").GetInt32()));
        var calendar = TestReferenceData.Shipped.Offices[TestReferenceData.District].Calendar;
        var now = await CreateAsync(officer);
        Assert.Equal(calendar.AddWorkingDays(now.Sla!.ClockStartedAt, days), now.Sla.DueAt);

        // A change saved after it may not apply before it.
        var earlier = await admin.PutAsJsonAsync($"/api/admin/procedures/{Sample.Code}", Request(Sample, days + 3, baseVersion: 2));
        Assert.Contains("20/09/2022 00:00", Errors(await ProblemAsync(earlier), "effectiveFrom"), StringComparison.Ordinal);

        // Nor may the procedure be saved again as the list in force shows it while version 2 waits with its own change.
        var undoing = await admin.PutAsJsonAsync($"/api/admin/procedures/{Sample.Code}", Request(Sample, days + 3, baseVersion: 2, effectiveFrom: nextTuesday.AddDays(1)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, undoing.StatusCode);
        Assert.Contains("chờ áp dụng từ 20/09/2022 00:00", (await undoing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        engine.Time.Advance(nextTuesday - engine.Time.GetUtcNow() + TimeSpan.FromHours(9));
        var then = await CreateAsync(officer);
        Assert.Equal(calendar.AddWorkingDays(then.Sla!.ClockStartedAt, days + 2), then.Sla.DueAt);
        var inForce = await admin.GetFromJsonAsync<JsonElement>("/api/admin/procedures");
        Assert.Equal(2, inForce.GetProperty("version").GetProperty("version").GetInt32());
        var versions = await admin.GetFromJsonAsync<JsonElement[]>("/api/admin/reference/versions");
        Assert.Equal((2, nextTuesday, true), (versions![0].GetProperty("number").GetInt32(), versions[0].GetProperty("effectiveFrom").GetDateTimeOffset(), versions[0].GetProperty("inForce").GetBoolean()));
    }

    [Fact]
    public async Task BadProcedureOfficeAndRuleSetBodies_AreAnsweredFieldByFieldInVietnamese_AndNothingIsSaved()
    {
        await using var engine = new ApiFactory();
        var admin = engine.CreateClientAs(Role.Administrator, TestReferenceData.District, districtWide: true);

        var procedure = await admin.PutAsJsonAsync("/api/admin/procedures/1.000001.000.00.00.H29", new
        {
            name = "Thủ tục thử",
            level = "Province",
            sector = "Thử",
            processingTime = new { workingDays = 3, workingHours = 8 },
            fastTrack = false,
            illustrative = true,
            form = new object[]
            {
                new { name = "ten", label = "Tên", type = "Text" },
                new { name = "ten", label = "Tên nữa", type = "Text" },
                new { label = "Không tên", type = "Text" },
                new { name = "loai", label = "Loại", type = "Choice" },
            },
            reason = " ",
        });
        var errors = await ProblemAsync(procedure);
        Assert.Contains("Province", Errors(errors, "level"), StringComparison.Ordinal);
        Assert.Contains("đúng một trong hai", Errors(errors, "processingTime"), StringComparison.Ordinal);
        Assert.Contains("đã dùng cho một trường trước", Errors(errors, "form[1].name"), StringComparison.Ordinal);
        Assert.Equal("Trường của tờ khai cần có tên.", Errors(errors, "form[2].name"));
        Assert.Contains("cần có ít nhất một lựa chọn", Errors(errors, "form[3].choices"), StringComparison.Ordinal);
        Assert.Contains("lý do", Errors(errors, "reason"), StringComparison.Ordinal);

        var zero = await ProblemAsync(await admin.PutAsJsonAsync($"/api/admin/procedures/{Sample.Code}", Request(Sample, 0, baseVersion: 1)));
        Assert.Contains("lớn hơn 0", Errors(zero, "processingTime"), StringComparison.Ordinal);

        var office = await admin.PutAsJsonAsync("/api/admin/offices/00565", TrauQuy(["08:00-12:00", "11:00-17:00"], ["22:00-02:00"], ["Sunday"]));
        errors = await ProblemAsync(office);
        Assert.Contains("trùng giờ", Errors(errors, "sessions"), StringComparison.Ordinal);
        Assert.Contains("nửa đêm", Errors(errors, "daySessions.Saturday[0]"), StringComparison.Ordinal);
        Assert.Contains("không làm việc vào Chủ nhật", Errors(errors, "fastTrackDays"), StringComparison.Ordinal);

        // Saturday's one hour cannot hold the 120 fast-track minutes.
        var shortSaturday = await admin.PutAsJsonAsync("/api/admin/offices/00565", TrauQuy(["08:00-12:00", "13:00-17:00"], ["08:00-09:00"], ["Tuesday", "Saturday"]));
        Assert.Contains("Thứ Bảy", Errors(await ProblemAsync(shortSaturday), "fastTrackDays"), StringComparison.Ordinal);

        var ruleSet = await admin.PutAsJsonAsync("/api/admin/ruleset", RuleSet(600, 1.5, 0, "Never"));
        errors = await ProblemAsync(ruleSet);
        Assert.Contains("nhỏ hơn 1", Errors(errors, "nearlyLateFraction"), StringComparison.Ordinal);
        Assert.Contains("lớn hơn 0", Errors(errors, "overdueEscalationWorkingMinutes"), StringComparison.Ordinal);
        Assert.Contains("Never", Errors(errors, "supplementPolicy"), StringComparison.Ordinal);

        var tooLong = await admin.PutAsJsonAsync("/api/admin/ruleset", RuleSet(600, 0.75, 240, "ShiftDueTime"));
        Assert.Contains("không bao giờ giải quyết nhanh được trong 600 phút", Errors(await ProblemAsync(tooLong), "fastTrackWorkingMinutes"), StringComparison.Ordinal);
        Assert.Single(await admin.GetFromJsonAsync<JsonElement[]>("/api/admin/reference/versions") ?? []);
    }

    [Fact]
    public async Task AnOfficesSaturdayAndTheRuleSet_AreChanged_AndOnlyDistrictAdministratorsMayChangeThem()
    {
        await using var engine = new ApiFactory();
        var admin = engine.CreateClientAs(Role.Administrator, TestReferenceData.District, districtWide: true);
        var offices = await admin.GetFromJsonAsync<JsonElement>("/api/admin/offices");
        var trauQuy = offices.GetProperty("offices").EnumerateArray().Single(o => o.GetProperty("code").GetString() == "00565");
        Assert.Equal("08:00-11:30", trauQuy.GetProperty("daySessions").GetProperty("Saturday")[0].GetString());

        var office = TrauQuy(["07:30-11:30", "13:30-17:00"], ["07:30-11:30"], ["Tuesday", "Thursday"], "Giờ làm việc mùa hè", baseVersion: 1);
        var commune = engine.CreateClientAs(Role.Administrator, TestReferenceData.Commune);
        Assert.Equal(HttpStatusCode.Forbidden, (await commune.PutAsJsonAsync("/api/admin/offices/00565", office)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await commune.GetAsync("/api/admin/procedures")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await commune.GetAsync("/api/admin/procedures.xlsx")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/offices/00565", office)).StatusCode);
        var changed = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/offices")).GetProperty("offices").EnumerateArray()
            .Single(o => o.GetProperty("code").GetString() == "00565");
        Assert.Equal("07:30-11:30", changed.GetProperty("sessions")[0].GetString());
        Assert.Equal("07:30-11:30", Assert.Single(changed.GetProperty("daySessions").GetProperty("Saturday").EnumerateArray()).GetString());
        Assert.Equal(["Tuesday", "Thursday"], changed.GetProperty("fastTrackDays").EnumerateArray().Select(d => d.GetString()));

        var rules = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/ruleset")).GetProperty("ruleSet");
        Assert.Equal("GL-2022.1", rules.GetProperty("version").GetString());
        var ruleSet = await admin.PutAsJsonAsync("/api/admin/ruleset", new
        {
            version = "GL-2022.2",
            name = "Gia Lâm — giờ chốt 15:00",
            legalBasis = rules.GetProperty("basis").GetString(),
            fastTrackWorkingMinutes = 120,
            nearlyLateFraction = 0.8,
            overdueEscalationWorkingMinutes = 240,
            supplementPolicy = "RestartClock",
            lateFastTrackReception = "Standard",
            fastTrackCutOff = "15:00",
            reason = "Giờ chốt nhận hồ sơ giải quyết nhanh",
            basis = "Quyết định số 34/QĐ-UBND",
            baseVersion = 2,
        });
        Assert.Equal(HttpStatusCode.OK, ruleSet.StatusCode);
        var after = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/ruleset")).GetProperty("ruleSet");
        Assert.Equal(("GL-2022.2", "15:00", "RestartClock"), (after.GetProperty("version").GetString(), after.GetProperty("fastTrackCutOff").GetString(), after.GetProperty("supplementPolicy").GetString()));

        var versions = await admin.GetFromJsonAsync<JsonElement[]>("/api/admin/reference/versions");
        Assert.Equal(
            ["Giờ chốt nhận hồ sơ giải quyết nhanh", "Giờ làm việc mùa hè", "Dữ liệu ban đầu"],
            versions!.Select(v => v.GetProperty(v.GetProperty("number").GetInt32() == 1 ? "summary" : "reason").GetString()));
    }

    [Fact]
    public async Task AProcedureWithDossiers_IsNotRemoved_OneWithoutIs()
    {
        await using var engine = new ApiFactory();
        var officer = engine.CreateClientAs(Role.CounterOfficer, TestReferenceData.District);
        var admin = engine.CreateClientAs(Role.Administrator, TestReferenceData.District, districtWide: true);
        await CreateAsync(officer);

        var used = await admin.SendAsync(Delete(Sample.Code, new { reason = "Bãi bỏ", baseVersion = 1 }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, used.StatusCode);
        Assert.Contains("đã có 1 hồ sơ", (await used.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var unused = TestReferenceData.Shipped.Procedures.Values.Last(p => p.Level == OfficeLevel.Commune);
        var removed = await admin.SendAsync(Delete(unused.Code, new { reason = "Bãi bỏ", basis = "Quyết định số 5/QĐ-UBND", baseVersion = 1 }));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var catalogue = await admin.GetFromJsonAsync<JsonElement>("/api/admin/procedures");
        Assert.DoesNotContain(catalogue.GetProperty("procedures").EnumerateArray(), p => p.GetProperty("code").GetString() == unused.Code);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.SendAsync(Delete(unused.Code, new { reason = "Bãi bỏ" }))).StatusCode);
    }

    [Fact]
    public async Task TheCatalogueExportedAndImported_IsUnchanged_AnEditedSheetIsPreviewedThenSaved_ABrokenOneNamesItsCells()
    {
        await using var engine = new ApiFactory();
        var admin = engine.CreateClientAs(Role.Administrator, TestReferenceData.District, districtWide: true);
        var export = await admin.GetAsync("/api/admin/procedures.xlsx");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(XlsxType, export.Content.Headers.ContentType!.MediaType);
        var workbook = await export.Content.ReadAsByteArrayAsync();
        var sheets = Sheets(workbook);
        Assert.Equal(TestReferenceData.Shipped.Procedures.Count, sheets["Thủ tục"].Count);
        Assert.Equal(TestReferenceData.Shipped.Procedures.Values.Sum(p => p.Form.Count), sheets["Tờ khai"].Count);
        var row = sheets["Thủ tục"].Single(r => (string?)r["Mã thủ tục"] == Sample.Code);
        Assert.Equal("Cấp huyện", row["Cấp giải quyết"]);
        Assert.Equal(string.Join('\n', Sample.RequiredDocuments), row["Thành phần hồ sơ (mỗi dòng một giấy tờ)"]);

        var same = await ImportAsync(admin, workbook, "preview=true");
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        var unchanged = await same.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 0, 0), (unchanged.GetProperty("added").GetArrayLength(), unchanged.GetProperty("changed").GetArrayLength(), unchanged.GetProperty("removed").GetArrayLength()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ImportAsync(admin, workbook, "reason=Thử")).StatusCode);

        // An office's clerk lengthens one procedure's time and drops one with no dossier.
        var dropped = (string)sheets["Thủ tục"][^1]["Mã thủ tục"]!;
        row["Thời hạn (ngày làm việc)"] = Sample.ProcessingTime.WorkingDays!.Value + 1;
        sheets["Thủ tục"].RemoveAt(sheets["Thủ tục"].Count - 1);
        sheets["Tờ khai"].RemoveAll(r => (string?)r["Mã thủ tục"] == dropped);
        var edited = Workbook(sheets);

        var preview = await (await ImportAsync(admin, edited, "preview=true")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(preview.GetProperty("saved").GetBoolean());
        Assert.Equal(Sample.Code, preview.GetProperty("changed")[0].GetProperty("code").GetString());
        Assert.Equal("processingTime", preview.GetProperty("changed")[0].GetProperty("fields")[0].GetString());
        Assert.Equal(dropped, preview.GetProperty("removed")[0].GetString());
        Assert.Single(await admin.GetFromJsonAsync<JsonElement[]>("/api/admin/reference/versions") ?? []);

        var saved = await ImportAsync(admin, edited, "baseVersion=1&reason=C%E1%BA%ADp%20nh%E1%BA%ADt%20danh%20m%E1%BB%A5c&basis=Q%C4%90%2012");
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(2, (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        var versions = await admin.GetFromJsonAsync<JsonElement[]>("/api/admin/reference/versions");
        Assert.Equal(("Cập nhật danh mục", "QĐ 12"), (versions![0].GetProperty("reason").GetString(), versions[0].GetProperty("basis").GetString()));
        Assert.Contains($"bỏ {dropped}", versions[0].GetProperty("summary").GetString(), StringComparison.Ordinal);
        var reExported = Sheets(await admin.GetByteArrayAsync("/api/admin/procedures.xlsx"));
        Assert.Equal(Sample.ProcessingTime.WorkingDays!.Value + 1, Convert.ToInt32(reExported["Thủ tục"].Single(r => (string?)r["Mã thủ tục"] == Sample.Code)["Thời hạn (ngày làm việc)"], System.Globalization.CultureInfo.InvariantCulture));

        // Row 3 is the second procedure; the form sheet's row 2 its first field.
        var broken = Sheets(workbook);
        broken["Thủ tục"][1]["Thời hạn (ngày làm việc)"] = "ba ngày";
        broken["Tờ khai"][0]["Kiểu"] = "Màu sắc";
        var answer = await ImportAsync(admin, Workbook(broken), "preview=true");
        var problem = await ProblemAsync(answer);
        Assert.StartsWith("Trang «Thủ tục», dòng 3, cột E («Thời hạn (ngày làm việc)»):", Errors(problem, "Thủ tục!E3"), StringComparison.Ordinal);
        Assert.StartsWith("Trang «Tờ khai», dòng 2, cột D («Kiểu»):", Errors(problem, "Tờ khai!D2"), StringComparison.Ordinal);

        var notAWorkbook = await ImportAsync(admin, [1, 2, 3], "preview=true");
        Assert.Contains("không phải là bảng tính", Errors(await ProblemAsync(notAWorkbook), "file"), StringComparison.Ordinal);
    }

    private static object Request(Procedure p, int workingDays, int? baseVersion, DateTimeOffset? effectiveFrom = null) => new
    {
        code = p.Code,
        name = p.Name,
        level = p.Level.ToString(),
        sector = p.Sector,
        processingTime = new { workingDays },
        fee = p.Fee,
        requiredDocuments = p.RequiredDocuments,
        fastTrack = p.FastTrack,
        illustrative = p.Illustrative,
        form = p.Form.Select(f => new { name = f.Name, label = f.Label, type = f.Type.ToString(), required = f.Required, maxLength = f.MaxLength, choices = f.Choices }),
        reason = "Kéo dài thời hạn giải quyết",
        basis = "Quyết định số 12/QĐ-UBND",
        baseVersion,
        effectiveFrom,
    };

    // Trâu Quỳ, which also works Saturday mornings, with these sessions.
    [Fact]
    public async Task AnOfficeThatStartsWorkingSaturdayMornings_CountsItsOpenDossiersDeadlinesAgain()
    {
        await using var engine = new ApiFactory();
        var admin = engine.CreateClientAs(Role.Administrator, TestReferenceData.District, districtWide: true);
        var officer = engine.CreateClientAs(Role.CounterOfficer, TestReferenceData.District);
        var open = await CreateAsync(officer);

        var saved = await admin.PutAsJsonAsync($"/api/admin/offices/{TestReferenceData.District}", DistrictWithSaturdayMornings(null, null));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var calendar = engine.Services.GetRequiredService<CurrentReference>().Data.Offices[TestReferenceData.District].Calendar;
        var expected = calendar.AddWorkingDays(open.Sla!.ClockStartedAt, Sample.ProcessingTime.WorkingDays!.Value);
        Assert.True(expected < open.Sla.DueAt, $"a Saturday worked brings {open.Sla.DueAt:O} earlier");
        var revised = Assert.Single((await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revised").EnumerateArray());
        Assert.Equal((open.Code, expected), (revised.GetProperty("code").GetString(), revised.GetProperty("toDue").GetDateTimeOffset()));
        Assert.Equal(expected, (await officer.GetFromJsonAsync<DossierView>($"/api/dossiers/{open.Code}", Json))!.Sla!.DueAt);
    }

    // From Wednesday the district also works Saturday mornings: the Saturday inside the open dossier's window counts
    // once Wednesday comes, and not before; on PostgreSQL the revision waits in the reminder table.
    [Theory]
    [MemberData(nameof(Storages))]
    public async Task SaturdayMorningsSavedFromWednesday_MoveTheOpenDossiersDueTimeWhenWednesdayComes(bool postgres)
    {
        await using var database = postgres ? await TestDatabase.CreateAsync("office-later") : null;
        await using var engine = new ApiFactory { ConnectionString = database?.ConnectionString, LoadAllReminders = true };
        var admin = engine.CreateClientAs(Role.Administrator, TestReferenceData.District, districtWide: true);
        var officer = engine.CreateClientAs(Role.CounterOfficer, TestReferenceData.District);
        var open = await CreateAsync(officer);
        var wednesday = new DateTimeOffset(2022, 9, 14, 0, 0, 0, TimeSpan.FromHours(7));

        var saved = await admin.PutAsJsonAsync(
            $"/api/admin/offices/{TestReferenceData.District}", DistrictWithSaturdayMornings("Quyết định 12/QĐ-UBND", wednesday));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var answer = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(answer.GetProperty("inForce").GetBoolean());
        Assert.Equal(wednesday, answer.GetProperty("revisionAt").GetDateTimeOffset());
        Assert.Equal(open.Sla, (await officer.GetFromJsonAsync<DossierView>($"/api/dossiers/{open.Code}", Json))!.Sla);

        var catalog = engine.Services.GetRequiredService<CurrentReference>().Catalog;
        var calendar = catalog.Latest.Data.Offices[TestReferenceData.District].Calendar;
        var expected = calendar.AddWorkingDays(open.Sla!.ClockStartedAt, Sample.ProcessingTime.WorkingDays!.Value);
        Assert.True(expected < open.Sla.DueAt, $"the Saturday worked brings {open.Sla.DueAt:O} earlier");

        var waiting = (await admin.GetFromJsonAsync<JsonElement[]>("/api/admin/reference/versions"))![0].GetProperty("revisions");
        Assert.True(waiting.GetProperty("waiting").GetBoolean());
        Assert.Equal(wednesday, waiting.GetProperty("nextAttemptAt").GetDateTimeOffset());

        engine.Time.SetUtcNow(wednesday.AddMinutes(1));
        var moved = await Eventually.GetAsync(
            () => officer.GetFromJsonAsync<DossierView>($"/api/dossiers/{open.Code}", Json), view => view!.Sla!.DueAt == expected);
        Assert.Equal(expected, moved!.Sla!.DueAt);
        var revised = (await officer.GetFromJsonAsync<HistoryEntry[]>($"/api/dossiers/{open.Code}/history", Json))![^1];
        Assert.Equal("Điều chỉnh hạn giải quyết theo lịch làm việc mới", revised.Name);
        Assert.EndsWith("(Quyết định 12/QĐ-UBND)", revised.Note, StringComparison.Ordinal);
        var progress = await engine.Services.GetRequiredService<IGrainFactory>().GetGrain<IReferenceRevisionGrain>(catalog.Latest.Number).ProgressAsync();
        Assert.Equal((false, 1, 1), (progress.Waiting, progress.Attempts, progress.Revised));
    }

    // The district office, which works Saturday mornings too from effectiveFrom (at once when null).
    private static object DistrictWithSaturdayMornings(string? basis, DateTimeOffset? effectiveFrom) => new
    {
        name = "UBND huyện Gia Lâm",
        level = "District",
        workingDays = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" },
        sessions = new[] { "08:00-12:00", "13:00-17:00" },
        daySessions = new Dictionary<string, string[]> { ["Saturday"] = ["08:00-12:00"] },
        fastTrackDays = new[] { "Tuesday" },
        reason = "Làm việc sáng thứ Bảy",
        basis,
        effectiveFrom,
    };

    private static object TrauQuy(string[] sessions, string[] saturday, string[] fastTrackDays, string reason = "Đổi giờ làm việc", int? baseVersion = null) => new
    {
        name = "UBND thị trấn Trâu Quỳ",
        level = "Commune",
        workingDays = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" },
        sessions,
        daySessions = new Dictionary<string, string[]> { ["Saturday"] = saturday },
        fastTrackDays,
        reason,
        baseVersion,
    };

    private static object RuleSet(int fastTrackWorkingMinutes, double nearlyLateFraction, int overdueEscalationWorkingMinutes, string supplementPolicy) => new
    {
        version = "GL-2022.2",
        name = "Thử",
        fastTrackWorkingMinutes,
        nearlyLateFraction,
        overdueEscalationWorkingMinutes,
        supplementPolicy,
        reason = "Thử",
    };

    private static Task<DossierView> CreateAsync(HttpClient officer) => ReferenceVersionTests.CreateAsync(officer, Sample);

    private static HttpRequestMessage Delete(string code, object body) =>
        new(HttpMethod.Delete, $"/api/admin/procedures/{code}") { Content = JsonContent.Create(body) };

    private static Task<HttpResponseMessage> ImportAsync(HttpClient admin, byte[] workbook, string query)
    {
        var content = new ByteArrayContent(workbook);
        content.Headers.ContentType = new MediaTypeHeaderValue(XlsxType);
        return admin.PostAsync($"/api/admin/procedures.xlsx?{query}", content);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    private static string Errors(JsonElement errors, string field) =>
        errors.TryGetProperty(field, out var messages)
            ? string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()))
            : throw new Xunit.Sdk.XunitException($"no error under '{field}' in {errors}");

    // Each sheet's rows by header, as a spreadsheet user would edit them.
    internal static Dictionary<string, List<Dictionary<string, object?>>> Sheets(byte[] workbook)
    {
        using var stream = new MemoryStream(workbook);
        return stream.GetSheetNames().ToDictionary(
            name => name,
            name =>
            {
                stream.Position = 0;
                return stream.Query(useHeaderRow: true, sheetName: name)
                    .Cast<IDictionary<string, object?>>()
                    .Select(r => new Dictionary<string, object?>(r, StringComparer.Ordinal))
                    .ToList();
            });
    }

    internal static byte[] Workbook(Dictionary<string, List<Dictionary<string, object?>>> sheets)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(sheets.ToDictionary(s => s.Key, s => (object)s.Value), excelType: ExcelType.XLSX);
        return stream.ToArray();
    }
}
