using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Reference;
using CaseEngine.Silo;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Domain;

/// <summary>
/// The shipped reference data loads with the expected content, and a copy of it corrupted one thing at a time
/// fails with a <see cref="ReferenceDataException"/> naming the file, the entry and the field.
/// </summary>
public sealed class ReferenceDataLoaderTests
{
    private static readonly string ShippedFolder = Path.Combine(AppContext.BaseDirectory, "ReferenceData");

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly string[] ApplicantFields = ["fullName", "citizenId", "phone", "address"];

    [Fact]
    public void Load_WhenShippedData_HasAllGiaLamOffices()
    {
        var data = ReferenceDataFolder.Load(ShippedFolder);

        Assert.Equal(23, data.Offices.Count);
        Assert.Single(data.Offices.Values, o => o.Level == OfficeLevel.District);
        Assert.Equal(22, data.Offices.Values.Count(o => o.Level == OfficeLevel.Commune));
        Assert.Equal(OfficeLevel.District, data.Offices["018"].Level);
    }

    [Fact]
    public void Load_WhenShippedData_HasFastTrackProceduresPerLevel()
    {
        var data = ReferenceDataFolder.Load(ShippedFolder);

        Assert.Equal(28, data.Procedures.Values.Count(p => p.FastTrack && p.Level == OfficeLevel.District));
        Assert.Equal(9, data.Procedures.Values.Count(p => p.FastTrack && p.Level == OfficeLevel.Commune));
        Assert.All(data.Procedures.Values, p => Assert.True((p.ProcessingTime.WorkingDays is null) != (p.ProcessingTime.WorkingHours is null)));
    }

    [Fact]
    public void Load_WhenShippedData_HasGiaLamRuleSet()
    {
        var ruleSet = ReferenceDataFolder.Load(ShippedFolder).RuleSet;

        Assert.Equal("GL-2022.1", ruleSet.Version);
        Assert.Equal(120, ruleSet.FastTrackWorkingMinutes);
        Assert.Equal(0.75, ruleSet.NearlyLateFraction);
        Assert.Equal(SupplementPolicy.ShiftDueTime, ruleSet.SupplementPolicy);
        Assert.Equal(LateFastTrackReception.Standard, ruleSet.LateFastTrack);
        Assert.Null(ruleSet.FastTrackCutOff);
    }

    [Fact]
    public void Load_WhenLateFastTrackReceptionLeftOut_GivesTheStandardTime()
    {
        using var copy = ShippedCopy.Create();
        copy.Edit(ReferenceDataLoader.RuleSetFile, root =>
        {
            root.AsObject().Remove("lateFastTrackReception");
            return 0;
        });

        Assert.Equal(LateFastTrackReception.Standard, ReferenceDataFolder.Load(copy.Folder).RuleSet.LateFastTrack);
    }

    [Fact]
    public void Load_WithACutOff_ReadsItInOfficeTime()
    {
        using var copy = ShippedCopy.Create();
        copy.Edit(ReferenceDataLoader.RuleSetFile, root =>
        {
            root["fastTrackCutOff"] = "14:30";
            return 0;
        });

        Assert.Equal(new TimeOnly(14, 30), ReferenceDataFolder.Load(copy.Folder).RuleSet.FastTrackCutOff);
    }

    [Theory]
    [InlineData("lateFastTrackReception", "NextTuesday")]
    [InlineData("lateFastTrackReception", "0")]
    [InlineData("fastTrackCutOff", "3pm")]
    [InlineData("fastTrackCutOff", "25:00")]
    [InlineData("fastTrackCutOff", "15:00:00")]
    public void Load_WhenALateFastTrackSettingIsMalformed_NamesRuleSetField(string field, string value)
    {
        using var copy = ShippedCopy.Create();
        copy.Edit(ReferenceDataLoader.RuleSetFile, root =>
        {
            root[field] = value;
            return 0;
        });

        var error = LoadFails(copy);

        AssertNames(error, "ruleset.json", "(root)", field);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenACutOffComesWithCarryOver_NamesTheCutOff()
    {
        using var copy = ShippedCopy.Create();
        copy.Edit(ReferenceDataLoader.RuleSetFile, root =>
        {
            root["lateFastTrackReception"] = "CarryOver";
            root["fastTrackCutOff"] = "15:00";
            return 0;
        });

        var error = LoadFails(copy);

        AssertNames(error, "ruleset.json", "(root)", "fastTrackCutOff");
        Assert.Contains("CarryOver", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fastTrackCutOff", "07:30", "fastTrackCutOff")]
    [InlineData("fastTrackWorkingMinutes", 481, "fastTrackWorkingMinutes")]
    public void Load_WhenNoFastTrackDossierCouldEverHaveItsTime_NamesTheSettingAndTheOffice(string field, object value, string named)
    {
        using var copy = ShippedCopy.Create();
        copy.Edit(ReferenceDataLoader.RuleSetFile, root =>
        {
            root[field] = value is int minutes ? JsonValue.Create(minutes) : JsonValue.Create((string)value);
            return 0;
        });

        var error = LoadFails(copy);

        AssertNames(error, "ruleset.json", "(root)", named);
        Assert.Contains("office 018 (UBND huyện Gia Lâm)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Tuesday", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenTheFastTrackTimeIsLongerThanADay_LoadsWithCarryOver()
    {
        using var copy = ShippedCopy.Create();
        copy.Edit(ReferenceDataLoader.RuleSetFile, root =>
        {
            root["fastTrackWorkingMinutes"] = 600;
            root["lateFastTrackReception"] = "CarryOver";
            return 0;
        });

        Assert.Equal(600, ReferenceDataFolder.Load(copy.Folder).RuleSet.FastTrackWorkingMinutes);
    }

    [Fact]
    public void Load_WhenShippedData_BuildsOfficeWeeksAndHolidays()
    {
        var data = ReferenceDataFolder.Load(ShippedFolder);

        var district = data.Offices["018"].Calendar;
        Assert.Equal(new[] { WorkingSession.Parse("08:00-12:00"), WorkingSession.Parse("13:00-17:00") }, district.Week.Sessions);
        Assert.False(district.Week.Works(DayOfWeek.Saturday));
        Assert.Equal("Asia/Ho_Chi_Minh", district.TimeZone.Id);

        var saturdayOffice = data.Offices["00565"].Calendar.Week;
        Assert.Equal(new[] { WorkingSession.Parse("08:00-11:30") }, saturdayOffice.SessionsOn(DayOfWeek.Saturday));
        Assert.Empty(saturdayOffice.SessionsOn(DayOfWeek.Sunday));

        Assert.True(data.Holidays.IsDayOff(new DateOnly(2022, 9, 2)));
        Assert.True(data.Holidays.IsMakeUpDay(new DateOnly(2023, 5, 6)));
        Assert.Same(data.Holidays, district.Holidays);
        Assert.Equal(new HashSet<DayOfWeek> { DayOfWeek.Tuesday }, data.Offices["00526"].FastTrackDays);
    }

    /// <summary>Every procedure of the shipped catalogue, by code.</summary>
    public static TheoryData<string> ShippedProcedureCodes => [.. ReferenceDataFolder.Load(ShippedFolder).Procedures.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ShippedProcedureCodes))]
    public void Load_WhenShippedData_ProcedureHasADeclarationFormOfValidFields(string code)
    {
        var procedure = ReferenceDataFolder.Load(ShippedFolder).Procedures[code];

        Assert.NotEmpty(procedure.Form);
        Assert.Contains(procedure.Form, f => f.Required);
        Assert.Equal(procedure.Form.Count, procedure.Form.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(procedure.Form, field =>
        {
            Assert.Matches("^[a-z][a-zA-Z0-9]*$", field.Name);
            // The applicant's own identity is entered apart from the form.
            Assert.DoesNotContain(field.Name, ApplicantFields);
            Assert.False(string.IsNullOrWhiteSpace(field.Label), $"{field.Name} has a label");
            Assert.True(field.Label.IsNormalized(NormalizationForm.FormC), $"the label of {field.Name} is NFC");
            Assert.Equal(field.Label.Trim(), field.Label);
            Assert.InRange(field.MaxLength, 1, 2000);
            if (field.Type == FormFieldType.Choice)
            {
                Assert.NotEmpty(field.Choices);
                Assert.Equal(field.Choices.Count, field.Choices.Distinct(StringComparer.Ordinal).Count());
                Assert.All(field.Choices, c => Assert.True(!string.IsNullOrWhiteSpace(c) && c.IsNormalized(NormalizationForm.FormC) && c.Trim() == c, $"choice '{c}' of {field.Name}"));
                Assert.All(field.Choices, c => Assert.Null(field.Problem(c)));
            }
            else
            {
                Assert.Empty(field.Choices);
            }
        });
    }

    [Fact]
    public void Load_WhenShippedData_EveryEntryIsIllustrativeAndTheNoteSaysFormsAreToo()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(ShippedFolder, ReferenceDataLoader.ProceduresFile)));

        Assert.All(ReferenceDataFolder.Load(ShippedFolder).Procedures.Values, p => Assert.True(p.Illustrative, p.Code));
        Assert.Contains("declaration-form fields", document.RootElement.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenShippedData_HasProject06s25EssentialServices_AllIllustrative()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(ShippedFolder, ReferenceDataLoader.ServicesFile)));
        var services = ReferenceDataFolder.Load(ShippedFolder).Services;

        Assert.Equal(25, services.Count);
        Assert.All(services.Values, s =>
        {
            Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", s.Id);
            Assert.False(string.IsNullOrWhiteSpace(s.Name), s.Id);
            Assert.True(s.Name.IsNormalized(NormalizationForm.FormC), $"the name of {s.Id} is NFC");
            Assert.Equal(s.Name.Trim(), s.Name);
            Assert.False(Uri.TryCreate(s.Path, UriKind.Absolute, out _), $"the path of {s.Id} is relative");
            Assert.True(s.Illustrative, s.Id);
        });
        Assert.Equal(25, services.Values.Select(s => s.Path).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("Đăng ký khai sinh", services["birth-registration"].Name);
        Assert.Contains("unofficial", document.RootElement.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SampleForm_FillsEveryFieldOfEveryShippedForm_WithAValueTheFieldAccepts()
    {
        var procedures = ReferenceDataFolder.Load(ShippedFolder).Procedures.Values;

        Assert.All(procedures, procedure =>
        {
            var form = SampleForm.For(procedure);
            Assert.Equal(procedure.Form.Select(f => f.Name), form.Keys);
            Assert.All(procedure.Form, field => Assert.Null(field.Problem(form[field.Name])));
        });
        // A day in the past for every dossier the tests create (the earliest on the fast-track Tuesday of 2022).
        Assert.True(DateOnly.ParseExact(SampleForm.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture) < DateOnly.FromDateTime(TestReferenceData.FastTrackTuesday.Date));
    }

    [Fact]
    public void SampleForm_CutsTextToTheFieldsLength_AndIsEmptyForAnUnknownProcedure()
    {
        var shortField = new FormField("plotNumber", "Thửa đất số", FormFieldType.Text, Required: true, MaxLength: 6, Choices: []);

        Assert.Equal("Nguyễn", SampleForm.ValueFor(shortField));
        Assert.Null(shortField.Problem(SampleForm.ValueFor(shortField)));
        Assert.Empty(SampleForm.For(ReferenceDataFolder.Load(ShippedFolder), "9.999999.000.00.00.H29"));
    }

    [Fact]
    public void Load_WhenSessionEndsBeforeStart_NamesOfficeAndSession()
    {
        using var copy = ShippedCopy.Create();
        var index = copy.Edit(ReferenceDataLoader.OfficesFile, root =>
        {
            var office = FindByCode(root["offices"]!, "00532", out var i);
            office["sessions"] = new JsonArray("08:00-12:00", "13:00-12:00");
            return i;
        });

        var error = LoadFails(copy);

        AssertNames(error, "offices.json", $"offices[{index}] (00532)", "sessions[1]");
    }

    [Fact]
    public void Load_WhenSessionsOverlap_NamesOfficeAndSessions()
    {
        using var copy = ShippedCopy.Create();
        var index = copy.Edit(ReferenceDataLoader.OfficesFile, root =>
        {
            var office = FindByCode(root["offices"]!, "00532", out var i);
            office["sessions"] = new JsonArray("08:00-12:00", "11:00-17:00");
            return i;
        });

        var error = LoadFails(copy);

        AssertNames(error, "offices.json", $"offices[{index}] (00532)", "sessions");
    }

    [Fact]
    public void Load_WhenSaturdaySessionMalformed_NamesDaySessionsField()
    {
        using var copy = ShippedCopy.Create();
        var index = copy.Edit(ReferenceDataLoader.OfficesFile, root =>
        {
            var office = FindByCode(root["offices"]!, "00565", out var i);
            office["daySessions"]!["Saturday"] = new JsonArray("8-11");
            return i;
        });

        var error = LoadFails(copy);

        AssertNames(error, "offices.json", $"offices[{index}] (00565)", "daySessions.Saturday[0]");
    }

    [Fact]
    public void Load_WhenOfficeLevelUnknown_NamesOfficeAndLevel()
    {
        using var copy = ShippedCopy.Create();
        var index = copy.Edit(ReferenceDataLoader.OfficesFile, root =>
        {
            var office = FindByCode(root["offices"]!, "00526", out var i);
            office["level"] = "Province";
            return i;
        });

        var error = LoadFails(copy);

        AssertNames(error, "offices.json", $"offices[{index}] (00526)", "level");
        Assert.Contains("Province", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenOfficeCodeDuplicated_NamesSecondOffice()
    {
        using var copy = ShippedCopy.Create();
        var duplicated = copy.Edit(ReferenceDataLoader.OfficesFile, root =>
        {
            var offices = root["offices"]!.AsArray();
            var earlier = offices[1]!["code"]!.GetValue<string>();
            offices[2]!["code"] = earlier;
            return earlier;
        });

        var error = LoadFails(copy);

        AssertNames(error, "offices.json", $"offices[2] ({duplicated})", "code");
    }

    [Fact]
    public void Load_WhenFastTrackDayNotWorked_NamesOfficeAndFastTrackDays()
    {
        using var copy = ShippedCopy.Create();
        var index = copy.Edit(ReferenceDataLoader.OfficesFile, root =>
        {
            var office = FindByCode(root["offices"]!, "018", out var i);
            office["fastTrackDays"] = new JsonArray("Sunday");
            return i;
        });

        var error = LoadFails(copy);

        AssertNames(error, "offices.json", $"offices[{index}] (018)", "fastTrackDays");
    }

    [Fact]
    public void Load_WhenTimeZoneUnknown_NamesOfficeAndTimeZone()
    {
        using var copy = ShippedCopy.Create();
        var index = copy.Edit(ReferenceDataLoader.OfficesFile, root =>
        {
            var office = FindByCode(root["offices"]!, "00529", out var i);
            office["timeZone"] = "Asia/Gia_Lam";
            return i;
        });

        var error = LoadFails(copy);

        AssertNames(error, "offices.json", $"offices[{index}] (00529)", "timeZone");
    }

    [Fact]
    public void Load_WhenADaysSessionsAreForADayNotWorked_NamesDaySessionsField()
    {
        using var copy = ShippedCopy.Create();
        var index = copy.Edit(ReferenceDataLoader.OfficesFile, root =>
        {
            var office = FindByCode(root["offices"]!, "00529", out var i);
            office["daySessions"] = new JsonObject { ["Sunday"] = new JsonArray("08:00-11:00") };
            return i;
        });

        var error = LoadFails(copy);

        AssertNames(error, "offices.json", $"offices[{index}] (00529)", "daySessions.Sunday");
    }

    [Fact]
    public void AProcedureEntry_BreaksEachRuleOnce_RenderedForTheFileAndForTheAdministrator()
    {
        var problems = new EntryProblems();
        var entry = new ProcedureEntry(
            "1.000001", "Thử", "Province", "Thử", new ProcessingTimeEntry(3, 8), null, null, false, true,
            [new FormFieldEntry("a", "A", "Text"), new FormFieldEntry(null, "B", "Text"), new FormFieldEntry("c", "C", "Choice")]);

        Assert.Null(ProcedureEntries.Read(entry, problems));

        Assert.Equal(["level", "processingTime", "form[1].name", "form[2].choices"], problems.Select(p => p.Field));
        var field = problems.Single(p => p.Field == "form[1].name");
        Assert.Equal(("is required", "Trường của tờ khai cần có tên."), (field.English, field.Vietnamese));
        Assert.Contains("'Province' is not one of District, Commune", problems[0].English, StringComparison.Ordinal);
        Assert.Contains("District (cấp huyện)", problems[0].Vietnamese, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"name\":\"a\",\"label\":\"A\",\"type\":\"Choice\"}", "form[0].choices")]
    [InlineData("{\"name\":\"a\",\"label\":\"A\",\"type\":\"Text\",\"choices\":[\"x\"]}", "form[0].choices")]
    [InlineData("{\"name\":\"a\",\"label\":\"A\",\"type\":\"Colour\"}", "form[0].type")]
    [InlineData("{\"label\":\"A\",\"type\":\"Text\"}", "form[0].name")]
    [InlineData("{\"name\":\"a\",\"label\":\"A\",\"type\":\"Text\",\"maxLength\":0}", "form[0].maxLength")]
    public void Load_WhenAFormFieldIsWrong_NamesProcedureAndField(string field, string expected)
    {
        using var copy = ShippedCopy.Create();
        var (index, code) = copy.Edit(ReferenceDataLoader.ProceduresFile, root =>
        {
            var procedure = root["procedures"]![2]!.AsObject();
            procedure["form"] = System.Text.Json.Nodes.JsonNode.Parse($"[{field}]");
            return (2, procedure["code"]!.GetValue<string>());
        });

        var error = LoadFails(copy);

        AssertNames(error, "procedures.json", $"procedures[{index}] ({code})", expected);
    }

    [Fact]
    public void Load_WhenProcessingTimeMissing_NamesProcedureAndProcessingTime()
    {
        using var copy = ShippedCopy.Create();
        var (index, code) = copy.Edit(ReferenceDataLoader.ProceduresFile, root =>
        {
            var procedure = root["procedures"]![4]!.AsObject();
            procedure.Remove("processingTime");
            return (4, procedure["code"]!.GetValue<string>());
        });

        var error = LoadFails(copy);

        AssertNames(error, "procedures.json", $"procedures[{index}] ({code})", "processingTime");
    }

    [Fact]
    public void Load_WhenBothWorkingDaysAndWorkingHours_NamesProcedureAndProcessingTime()
    {
        using var copy = ShippedCopy.Create();
        var (index, code) = copy.Edit(ReferenceDataLoader.ProceduresFile, root =>
        {
            var procedure = root["procedures"]![0]!;
            procedure["processingTime"] = new JsonObject { ["workingDays"] = 3, ["workingHours"] = 8 };
            return (0, procedure["code"]!.GetValue<string>());
        });

        var error = LoadFails(copy);

        AssertNames(error, "procedures.json", $"procedures[{index}] ({code})", "processingTime");
    }

    [Fact]
    public void Load_WhenProcessingTimeZero_NamesProcedureAndProcessingTime()
    {
        using var copy = ShippedCopy.Create();
        var (index, code) = copy.Edit(ReferenceDataLoader.ProceduresFile, root =>
        {
            var procedure = root["procedures"]![1]!;
            procedure["processingTime"] = new JsonObject { ["workingDays"] = 0 };
            return (1, procedure["code"]!.GetValue<string>());
        });

        var error = LoadFails(copy);

        AssertNames(error, "procedures.json", $"procedures[{index}] ({code})", "processingTime");
    }

    [Fact]
    public void Load_WhenProcedureCodeDuplicated_NamesSecondProcedure()
    {
        using var copy = ShippedCopy.Create();
        var code = copy.Edit(ReferenceDataLoader.ProceduresFile, root =>
        {
            var procedures = root["procedures"]!.AsArray();
            var first = procedures[0]!["code"]!.GetValue<string>();
            procedures[3]!["code"] = first;
            return first;
        });

        var error = LoadFails(copy);

        AssertNames(error, "procedures.json", $"procedures[3] ({code})", "code");
    }

    [Fact]
    public void Load_WhenServiceIdDuplicated_NamesSecondService()
    {
        using var copy = ShippedCopy.Create();
        var id = copy.Edit(ReferenceDataLoader.ServicesFile, root =>
        {
            var services = root["services"]!.AsArray();
            var first = services[0]!["id"]!.GetValue<string>();
            services[5]!["id"] = first;
            return first;
        });

        var error = LoadFails(copy);

        AssertNames(error, "services.json", $"services[5] ({id})", "id");
    }

    [Theory]
    [InlineData("Birth-Registration")]
    [InlineData("birth_registration")]
    [InlineData("birth--registration")]
    [InlineData("-birth")]
    [InlineData("đăng-ký-khai-sinh")]
    public void Load_WhenServiceIdNotKebabCase_NamesServiceAndId(string id)
    {
        using var copy = ShippedCopy.Create();
        copy.Edit(ReferenceDataLoader.ServicesFile, root =>
        {
            root["services"]![3]!["id"] = id;
            return 0;
        });

        var error = LoadFails(copy);

        AssertNames(error, "services.json", $"services[3] ({id})", "id");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Load_WhenServiceNameEmpty_NamesServiceAndName(string? name)
    {
        using var copy = ShippedCopy.Create();
        var id = copy.Edit(ReferenceDataLoader.ServicesFile, root =>
        {
            var service = root["services"]![7]!.AsObject();
            service["name"] = name;
            return service["id"]!.GetValue<string>();
        });

        var error = LoadFails(copy);

        AssertNames(error, "services.json", $"services[7] ({id})", "name");
    }

    [Fact]
    public void Load_WhenServiceNameTypedWithCombiningMarks_NamesServiceAndName()
    {
        using var copy = ShippedCopy.Create();
        var id = copy.Edit(ReferenceDataLoader.ServicesFile, root =>
        {
            var service = root["services"]![8]!.AsObject();
            service["name"] = "Đăng ký khai sinh".Normalize(NormalizationForm.FormD);
            return service["id"]!.GetValue<string>();
        });

        var error = LoadFails(copy);

        AssertNames(error, "services.json", $"services[8] ({id})", "name");
        Assert.Contains("NFC", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://phishing.example/dvc")]
    [InlineData("//phishing.example/dvc")]
    [InlineData("/p/home/dvc-tthc.html")]
    [InlineData("../../admin")]
    [InlineData("dvc/./x.html")]
    [InlineData("javascript:alert(1)")]
    [InlineData("dvc tthc.html")]
    [InlineData("dịch-vụ.html")]
    [InlineData("dvc\\tthc.html")]
    public void Load_WhenServicePathNotRelativeUnderThePortal_NamesServiceAndPath(string path)
    {
        using var copy = ShippedCopy.Create();
        var id = copy.Edit(ReferenceDataLoader.ServicesFile, root =>
        {
            var service = root["services"]![10]!.AsObject();
            service["path"] = path;
            return service["id"]!.GetValue<string>();
        });

        var error = LoadFails(copy);

        AssertNames(error, "services.json", $"services[10] ({id})", "path");
    }

    [Fact]
    public void Load_WhenServiceIllustrativeMissing_NamesServiceAndField()
    {
        using var copy = ShippedCopy.Create();
        var id = copy.Edit(ReferenceDataLoader.ServicesFile, root =>
        {
            var service = root["services"]![2]!.AsObject();
            service.Remove("illustrative");
            return service["id"]!.GetValue<string>();
        });

        var error = LoadFails(copy);

        AssertNames(error, "services.json", $"services[2] ({id})", "illustrative");
    }

    [Theory]
    [InlineData(24)]
    [InlineData(26)]
    [InlineData(0)]
    public void Load_WhenNot25Services_NamesTheList(int count)
    {
        using var copy = ShippedCopy.Create();
        copy.Edit(ReferenceDataLoader.ServicesFile, root =>
        {
            var services = root["services"]!.AsArray();
            while (services.Count > count)
            {
                services.RemoveAt(services.Count - 1);
            }

            while (services.Count < count)
            {
                var extra = services[0]!.DeepClone();
                extra["id"] = $"extra-service-{services.Count}";
                services.Add(extra);
            }

            return 0;
        });

        var error = LoadFails(copy);

        AssertNames(error, "services.json", "(root)", "services");
        Assert.Contains($"lists {count} services", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenHolidayEndsBeforeItStarts_NamesDayOffAndTo()
    {
        using var copy = ShippedCopy.Create();
        var index = copy.Edit(ReferenceDataLoader.HolidaysFile, root =>
        {
            var daysOff = root["daysOff"]!.AsArray();
            var i = daysOff.Select((d, n) => (d, n)).Single(p => p.d!["from"]!.GetValue<string>() == "2022-09-01").n;
            daysOff[i]!["to"] = "2022-08-31";
            return i;
        });

        var error = LoadFails(copy);

        AssertNames(error, "holidays.json", $"daysOff[{index}]", "to");
    }

    [Fact]
    public void Load_WhenHolidayDateMalformed_NamesDayOffAndFrom()
    {
        using var copy = ShippedCopy.Create();
        copy.Edit(ReferenceDataLoader.HolidaysFile, root =>
        {
            root["daysOff"]![0]!["from"] = "01/01/2022";
            return 0;
        });

        var error = LoadFails(copy);

        AssertNames(error, "holidays.json", "daysOff[0]", "from");
    }

    [Fact]
    public void Load_WhenMakeUpDayInsideDayOff_NamesMakeUpDayAndDate()
    {
        using var copy = ShippedCopy.Create();
        var index = copy.Edit(ReferenceDataLoader.HolidaysFile, root =>
        {
            var makeUp = root["makeUpWorkingDays"]!.AsArray();
            var i = makeUp.Select((d, n) => (d, n)).Single(p => p.d!["date"]!.GetValue<string>() == "2023-05-06").n;
            makeUp[i]!["date"] = "2023-05-02"; // inside 29 Apr–3 May 2023
            return i;
        });

        var error = LoadFails(copy);

        AssertNames(error, "holidays.json", $"makeUpWorkingDays[{index}]", "date");
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(1.0)]
    [InlineData(0.0)]
    [InlineData(-0.25)]
    public void Load_WhenNearlyLateFractionOutOfRange_NamesRuleSetField(double fraction)
    {
        using var copy = ShippedCopy.Create();
        copy.Edit(ReferenceDataLoader.RuleSetFile, root =>
        {
            root["nearlyLateFraction"] = fraction;
            return 0;
        });

        var error = LoadFails(copy);

        AssertNames(error, "ruleset.json", "(root)", "nearlyLateFraction");
    }

    [Fact]
    public void Load_WhenSupplementPolicyUnknown_NamesRuleSetField()
    {
        using var copy = ShippedCopy.Create();
        copy.Edit(ReferenceDataLoader.RuleSetFile, root =>
        {
            root["supplementPolicy"] = "PauseClock";
            return 0;
        });

        var error = LoadFails(copy);

        AssertNames(error, "ruleset.json", "(root)", "supplementPolicy");
        Assert.Contains("PauseClock", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenSupplementPolicyIsNumber_NamesRuleSetField()
    {
        using var copy = ShippedCopy.Create();
        copy.Edit(ReferenceDataLoader.RuleSetFile, root =>
        {
            root["supplementPolicy"] = "1";
            return 0;
        });

        var error = LoadFails(copy);

        AssertNames(error, "ruleset.json", "(root)", "supplementPolicy");
    }

    [Fact]
    public void Load_WhenRuleSetVersionMissing_NamesRuleSetField()
    {
        using var copy = ShippedCopy.Create();
        copy.Edit(ReferenceDataLoader.RuleSetFile, root =>
        {
            root.AsObject().Remove("version");
            return 0;
        });

        var error = LoadFails(copy);

        AssertNames(error, "ruleset.json", "(root)", "version");
    }

    [Fact]
    public void Load_WhenJsonMalformed_NamesFileLineAndPath()
    {
        using var copy = ShippedCopy.Create();
        var path = Path.Combine(copy.Folder, ReferenceDataLoader.OfficesFile);
        var lines = File.ReadAllLines(path);
        var line = Array.FindIndex(lines, l => l.Contains("\"level\": \"District\"", StringComparison.Ordinal));
        Assert.True(line >= 0, "the shipped offices.json has a District office");
        lines[line] = lines[line].Replace("\"District\"", "District", StringComparison.Ordinal); // an unquoted string
        File.WriteAllLines(path, lines);

        var error = LoadFails(copy);

        Assert.Equal("offices.json", error.File);
        Assert.Equal($"line {line + 1}", error.Entry);
        Assert.Equal("$.offices[0].level", error.Field);
        AssertMessageNames(error);
    }

    [Fact]
    public void Load_WhenJsonHasUnknownProperty_NamesFileAndPath()
    {
        using var copy = ShippedCopy.Create();
        copy.Edit(ReferenceDataLoader.ProceduresFile, root =>
        {
            root["procedures"]![0]!["processingTime"]!["workingHour"] = 8;
            return 0;
        });

        var error = LoadFails(copy);

        Assert.Equal("procedures.json", error.File);
        Assert.StartsWith("line ", error.Entry, StringComparison.Ordinal);
        Assert.Contains("procedures[0].processingTime", error.Field, StringComparison.Ordinal);
        AssertMessageNames(error);
    }

    [Fact]
    public void Load_WhenFileEmptyJsonNull_NamesFile()
    {
        using var copy = ShippedCopy.Create();
        File.WriteAllText(Path.Combine(copy.Folder, ReferenceDataLoader.RuleSetFile), "null");

        var error = LoadFails(copy);

        AssertNames(error, "ruleset.json", "(file)", "(root)");
    }

    [Theory]
    [InlineData(ReferenceDataLoader.HolidaysFile)]
    [InlineData(ReferenceDataLoader.OfficesFile)]
    [InlineData(ReferenceDataLoader.ProceduresFile)]
    [InlineData(ReferenceDataLoader.RuleSetFile)]
    [InlineData(ReferenceDataLoader.ServicesFile)]
    public void Load_WhenFileMissing_NamesFile(string file)
    {
        using var copy = ShippedCopy.Create();
        File.Delete(Path.Combine(copy.Folder, file));

        var error = LoadFails(copy);

        AssertNames(error, file, "(file)", "(file)");
    }

    [Fact]
    public void Load_WhenCopyUnchanged_LoadsLikeShippedData()
    {
        using var copy = ShippedCopy.Create();
        copy.Edit(ReferenceDataLoader.OfficesFile, _ => 0); // round-trips through JsonNode

        var data = ReferenceDataFolder.Load(copy.Folder);

        Assert.Equal(23, data.Offices.Count);
        Assert.Equal("GL-2022.1", data.RuleSet.Version);
    }

    private static ReferenceDataException LoadFails(ShippedCopy copy) =>
        Assert.Throws<ReferenceDataException>(() => ReferenceDataFolder.Load(copy.Folder));

    private static void AssertNames(ReferenceDataException error, string file, string entry, string field)
    {
        Assert.Equal(file, error.File);
        Assert.Equal(entry, error.Entry);
        Assert.Equal(field, error.Field);
        AssertMessageNames(error);
    }

    private static void AssertMessageNames(ReferenceDataException error)
    {
        Assert.Contains(error.File, error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Entry, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{error.Field}'", error.Message, StringComparison.Ordinal);
    }

    private static JsonNode FindByCode(JsonNode array, string code, out int index)
    {
        var items = array.AsArray();
        index = items.Select((item, i) => (item, i)).Single(p => p.item!["code"]!.GetValue<string>() == code).i;
        return items[index]!;
    }

    /// <summary>A copy of the shipped folder in a temporary directory, deleted on dispose.</summary>
    private sealed class ShippedCopy : IDisposable
    {
        private ShippedCopy(string folder) => Folder = folder;

        public string Folder { get; }

        public static ShippedCopy Create()
        {
            var folder = Directory.CreateTempSubdirectory("caseengine-refdata-").FullName;
            foreach (var file in Directory.GetFiles(ShippedFolder, "*.json"))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            return new ShippedCopy(folder);
        }

        /// <summary>Parses <paramref name="file"/>, lets <paramref name="edit"/> change it and writes it back.</summary>
        public T Edit<T>(string file, Func<JsonNode, T> edit)
        {
            var path = Path.Combine(Folder, file);
            var root = JsonNode.Parse(File.ReadAllText(path))!;
            var result = edit(root);
            File.WriteAllText(path, root.ToJsonString(Indented));
            return result;
        }

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }
}
