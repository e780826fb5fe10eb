using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class DossiersApiTests(ApiFactory factory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly HttpClient _http = factory.CreateActingClient();

    private static object NewDossier(string procedureCode) => new
    {
        procedureCode,
        applicant = new { fullName = "Lê Thị Dung", phone = "0987654321", citizenId = "001085012345", address = "Số 1 Trâu Quỳ, Gia Lâm, Hà Nội" }, consent = "Signature",
        form = SampleForm.For(TestReferenceData.Shipped, procedureCode),
    };

    private async Task<DossierView> CreateAsync(string office, string procedureCode, bool draft = false)
    {
        var response = await _http.PostAsJsonAsync($"/api/offices/{office}/dossiers{(draft ? "/drafts" : "")}", NewDossier(procedureCode));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var view = (await response.Content.ReadFromJsonAsync<DossierView>(Json))!;
        Assert.Equal($"/api/dossiers/{view.Code}", response.Headers.Location!.OriginalString);
        return view;
    }

    private async Task<HttpResponseMessage> PostAsync(string path, object body) => await _http.PostAsJsonAsync(path, body);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    [Theory]
    [InlineData(Role.CounterOfficer, new[] { "Forward", "RequestSupplement", "RequirePayment", "Withdraw" })]
    [InlineData(Role.Leader, new[] { "Stop" })]
    [InlineData(Role.Specialist, new[] { "RequestSupplement", "RequirePayment" })]
    [InlineData(Role.Volunteer, new string[0])]
    public async Task MyActions_AreTheStepsLegalNow_ThatMyRoleMayTake(Role role, string[] expected)
    {
        var dossier = await CreateAsync(TestReferenceData.District, TestReferenceData.StandardDaysProcedure(OfficeLevel.District).Code);

        var mine = await factory.CreateClientAs(role, TestReferenceData.District).GetFromJsonAsync<JsonElement[]>($"/api/dossiers/{dossier.Code}/actions");

        Assert.Equal(expected.Order(), mine!.Select(o => o.GetProperty("action").GetString()).Order());
        Assert.All(mine!, offer =>
        {
            var action = Enum.Parse<DossierAction>(offer.GetProperty("action").GetString()!);
            Assert.Contains(action, dossier.AllowedActions);
            Assert.Equal(StepNames.Button(action), offer.GetProperty("label").GetString());
            Assert.Equal("POST", offer.GetProperty("method").GetString());
            Assert.Equal(ActionOffers.Href(dossier.Code, action), offer.GetProperty("href").GetString());
        });
    }

    [Fact]
    public async Task MyActions_AfterTheFirstSupplement_NoLongerOfferASecondOne()
    {
        var dossier = await CreateAsync(TestReferenceData.District, TestReferenceData.StandardDaysProcedure(OfficeLevel.District).Code);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/api/dossiers/{dossier.Code}/request-supplement", new { reason = "Thiếu giấy tờ" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/api/dossiers/{dossier.Code}/resubmit-supplement", new { })).StatusCode);

        var officer = factory.CreateClientAs(Role.CounterOfficer, TestReferenceData.District);
        var mine = await officer.GetFromJsonAsync<JsonElement[]>($"/api/dossiers/{dossier.Code}/actions");
        var view = await officer.GetFromJsonAsync<DossierView>($"/api/dossiers/{dossier.Code}", Json);

        Assert.Equal(new[] { "Forward", "RequirePayment", "Withdraw" }, mine!.Select(o => o.GetProperty("action").GetString()).Order());
        Assert.DoesNotContain(DossierAction.RequestSupplement, view!.AllowedActions);
    }

    [Fact]
    public async Task ReceiveAtCounter_FastTrackOnTuesday_IsDueInTwoWorkingHours()
    {
        var view = await CreateAsync(TestReferenceData.District, TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code);

        Assert.Matches(@"^018-220913-\d{4}$", view.Code);
        Assert.Equal(SlaRule.FastTrack, view.Sla!.Rule);
        Assert.Equal(DateTimeOffset.Parse("2022-09-13T11:00:00+07:00", System.Globalization.CultureInfo.InvariantCulture), view.Sla.DueAt);
        var raw = await _http.GetStringAsync($"/api/dossiers/{view.Code}");
        Assert.Contains("\"dueAt\":\"2022-09-13T11:00:00+07:00\"", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiveAtCounter_StandardProcedure_GetsItsStandardTime()
    {
        var procedure = TestReferenceData.StandardDaysProcedure(OfficeLevel.Commune);
        var view = await CreateAsync(TestReferenceData.Commune, procedure.Code);

        Assert.Equal(SlaRule.Standard, view.Sla!.Rule);
        var expected = TestReferenceData.Shipped.Offices[TestReferenceData.Commune].Calendar.AddWorkingDays(factory.Time.GetUtcNow(), procedure.ProcessingTime.WorkingDays!.Value);
        Assert.Equal(expected, view.Sla.DueAt);
    }

    [Fact]
    public async Task Lifecycle_ThroughHttp_EndsReturnedWithTheControlSlip()
    {
        var draft = await CreateAsync(TestReferenceData.Commune, TestReferenceData.FastTrackProcedure(OfficeLevel.Commune).Code, draft: true);
        var code = draft.Code;

        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/api/dossiers/{code}/receive", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/api/dossiers/{code}/forward", new { to = "cc.tuphap" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/api/dossiers/{code}/submit-for-signature", new { to = "ct.ubnd" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/api/dossiers/{code}/approve", new { })).StatusCode);
        var returned = await PostAsync($"/api/dossiers/{code}/return", new { });

        var view = (await returned.Content.ReadFromJsonAsync<DossierView>(Json))!;
        Assert.Equal(DossierStatus.Returned, view.Status);
        Assert.Equal(10, view.NationalStatusCode);
        var history = (await _http.GetFromJsonAsync<HistoryEntry[]>($"/api/dossiers/{code}/history", Json))!;
        Assert.Equal(
            [StepKind.Created, .. new[] { DossierAction.Receive, DossierAction.Forward, DossierAction.SubmitForSignature, DossierAction.ApproveResult, DossierAction.ReturnResult }.Select(StepKind.Of)],
            history.Select(h => h.Kind));
        Assert.All(history.Skip(1), h => Assert.NotNull(h.Timeliness));
    }

    [Fact]
    public async Task Approve_WhenReceived_Returns409NamingTheStatus()
    {
        var view = await CreateAsync(TestReferenceData.District, TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code);

        var problem = await ProblemAsync(await PostAsync($"/api/dossiers/{view.Code}/approve", new { }), HttpStatusCode.Conflict);

        Assert.Equal("Received", problem.GetProperty("currentStatus").GetString());
        Assert.Contains(DossierStatus.Received.VietnameseName(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = await _http.GetFromJsonAsync<DossierView>($"/api/dossiers/{view.Code}", Json);
        Assert.Equal(DossierStatus.Received, after!.Status);
    }

    [Fact]
    public async Task RequestSupplement_Twice_Returns422()
    {
        var view = await CreateAsync(TestReferenceData.District, TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/api/dossiers/{view.Code}/request-supplement", new { reason = "Thiếu giấy tờ" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/api/dossiers/{view.Code}/resubmit-supplement", new { })).StatusCode);

        await ProblemAsync(await PostAsync($"/api/dossiers/{view.Code}/request-supplement", new { reason = "Lần hai" }), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Create_WithProcedureOfTheOtherLevel_Returns422AndIssuesNoCode()
    {
        var before = await _http.GetFromJsonAsync<BoardEntry[]>("/api/offices/00541/dossiers", Json);

        await ProblemAsync(
            await PostAsync("/api/offices/00541/dossiers", NewDossier(TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code)),
            HttpStatusCode.UnprocessableEntity);
        await ProblemAsync(await PostAsync("/api/offices/00541/dossiers", NewDossier("9.999999.000.00.00.H29")), HttpStatusCode.UnprocessableEntity);

        var created = await CreateAsync("00541", TestReferenceData.FastTrackProcedure(OfficeLevel.Commune).Code);
        Assert.Empty(before!);
        Assert.EndsWith("-0001", created.Code, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "/api/offices/018/dossiers", "{not json" },
        { "/api/offices/018/dossiers", "{\"procedureCode\": 12, \"actor\": \"cb\"}" },
        { "/api/offices/018/dossiers", "{\"actor\": \"cb\"}" },
        { "/api/offices/018/dossiers", "{\"procedureCode\": \"x\", \"actor\": \"cb\", \"applicant\": {\"fullName\": \"\"}}" },
        { "/api/offices/018/dossiers", "{\"procedureCode\": \"x\", \"actor\": \"cb\", \"applicant\": {\"fullName\": \"A\", \"phone\": \"abc\"}}" },
        { "/api/offices/018/dossiers", "" },
        { "/api/dossiers/018-220913-0001/forward", "{\"actor\": \"cb\"}" },
        { "/api/dossiers/018-220913-0001/stop", "{\"actor\": \"cb\", \"reason\": \"   \"}" },
        { "/api/dossiers/018-220913-0001/apology", "{\"actor\": \"cb\", \"reason\": \"r\"}" },
        { "/api/dossiers/018-220913-0001/apology", "{\"actor\": \"cb\", \"reason\": \"r\", \"newAppointment\": \"tomorrow\"}" },
        { "/api/dossiers/not-a-code/forward", "{\"actor\": \"cb\", \"to\": \"x\"}" },
        { "/api/dossiers/018-220913-0001/forward", "{\"to\": \"" + new string('a', 5000) + "\"}" },
    };

    [Theory]
    [InlineData("citizenId", "00108501234", "applicant.citizenId")]
    [InlineData("citizenId", "0010850123456", "applicant.citizenId")]
    [InlineData("citizenId", "000085012345", "applicant.citizenId")]
    [InlineData("citizenId", "097085012345", "applicant.citizenId")]
    [InlineData("citizenId", "00108501234a", "applicant.citizenId")]
    [InlineData("citizenId", null, "applicant.citizenId")]
    [InlineData("address", null, "applicant.address")]
    [InlineData("address", "   ", "applicant.address")]
    [InlineData("phone", null, "applicant.phone")]
    [InlineData("fullName", null, "applicant.fullName")]
    public async Task Applicant_WithAFieldMissingOrWrong_IsAProblemNamingIt(string field, string? value, string error)
    {
        var applicant = new Dictionary<string, string?>
        {
            ["fullName"] = "Lê Thị Dung",
            ["phone"] = "0987654321",
            ["citizenId"] = "001085012345",
            ["address"] = "Thôn 1, Đa Tốn, Gia Lâm",
        };
        applicant[field] = value;
        var procedure = TestReferenceData.FastTrackProcedure(OfficeLevel.District);
        var body = new { procedureCode = procedure.Code, applicant, form = SampleForm.For(procedure) };

        var problem = await ProblemAsync(await _http.PostAsJsonAsync("/api/offices/018/dossiers", body), HttpStatusCode.BadRequest);

        Assert.Equal([error], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Applicant_IsKeptAsEntered()
    {
        var view = await CreateAsync(TestReferenceData.District, TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code);

        Assert.Equal("001085012345", view.Applicant.CitizenId);
        Assert.Equal("Số 1 Trâu Quỳ, Gia Lâm, Hà Nội", view.Applicant.Address);
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task MalformedRequest_Returns400Problem(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var problem = await ProblemAsync(await _http.PostAsync(path, content), HttpStatusCode.BadRequest);

        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
    }

    [Theory]
    [InlineData("/api/dossiers/018-220913-9999")]
    [InlineData("/api/dossiers/018-220913-9999/history")]
    [InlineData("/api/offices/99999/dossiers")]
    [InlineData("/api/offices/99999")]
    [InlineData("/api/procedures/0.000000")]
    public async Task Unknown_Returns404Problem(string path) =>
        await ProblemAsync(await _http.GetAsync(path), HttpStatusCode.NotFound);

    [Fact]
    public async Task Transition_OnUnknownDossier_Returns404()
    {
        await ProblemAsync(await PostAsync("/api/dossiers/018-220913-9998/forward", new { to = "x" }), HttpStatusCode.NotFound);
        await ProblemAsync(await PostAsync("/api/offices/99999/dossiers", NewDossier("x")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListDossiers_FiltersByStatusAndBucket()
    {
        var received = await CreateAsync("00544", TestReferenceData.FastTrackProcedure(OfficeLevel.Commune).Code);
        var draft = await CreateAsync("00544", TestReferenceData.FastTrackProcedure(OfficeLevel.Commune).Code, draft: true);

        var drafts = await _http.GetFromJsonAsync<BoardEntry[]>("/api/offices/00544/dossiers?status=Draft", Json);
        var notYetDue = await _http.GetFromJsonAsync<BoardEntry[]>("/api/offices/00544/dossiers?bucket=NotYetDue", Json);
        var late = await _http.GetFromJsonAsync<BoardEntry[]>("/api/offices/00544/dossiers?bucket=Late", Json);

        Assert.Equal([draft.Code], drafts!.Select(d => d.Code));
        Assert.Null(drafts![0].WorkingMinutesLeft);
        Assert.Equal([received.Code], notYetDue!.Select(d => d.Code));
        Assert.Equal(120, notYetDue![0].WorkingMinutesLeft);
        Assert.Empty(late!);
        await ProblemAsync(await _http.GetAsync("/api/offices/00544/dossiers?status=Nope"), HttpStatusCode.BadRequest);
    }
}
