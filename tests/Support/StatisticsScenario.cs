using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseEngine.Api.Apis;
using CaseEngine.Contracts;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Api;
using Microsoft.Extensions.Time.Testing;

namespace CaseEngine.Tests.Support;

/// <summary>
/// A known set of dossiers built through the HTTP API with a fake clock, over Monday 12 to Wednesday 14 September
/// 2022, and the statistics they must give. At the district office (018), every dossier but E is of the district's
/// first fast-track procedure:
/// <list type="bullet">
/// <item>L: Monday, by cb.an: the standard rule (not a Tuesday); resolved Monday, early.</item>
/// <item>A: Tuesday 09:00, by cb.an: result 09:30, early, 30 working minutes; rated satisfied.</item>
/// <item>B: Tuesday 09:00, by cb.binh: result 10:45, on time, 105; rated dissatisfied.</item>
/// <item>C: Tuesday 09:00, by cb.an: supplement 09:20–10:20 (due moves to 12:00), result 11:50, on time, 110 (170 less 60 waited); not returned.</item>
/// <item>D: Tuesday 09:00, by cb.binh: result Wednesday 08:30, late, 450; rated satisfied on Wednesday.</item>
/// <item>E: Tuesday 09:00, by cb.an, a standard-days procedure, in processing: open, not yet due.</item>
/// <item>F: Tuesday 09:00, by cb.binh, left received: open, late.</item>
/// <item>G: Tuesday 14:50, by cb.binh: nearly late 16:20, due 16:50; supplement asked at 16:30 and not given: open, judged at its pause, nearly late.</item>
/// <item>J: Tuesday 09:00, by cb.binh: supplement asked at 09:30 and not given: open, judged at its pause, not yet due.</item>
/// <item>K: Tuesday 09:00, by cb.an: withdrawn at 09:10: received, neither resolved nor open.</item>
/// </list>
/// At Yên Thường (00529), H: Tuesday 09:00, result 10:00, early, 60; rated neutral. At Yên Viên commune (00532), I:
/// Tuesday 09:00, result 10:45, on time, 105; rated satisfied. Statistics are read on Wednesday at 09:10.
/// </summary>
public static class StatisticsScenario
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public const string District = TestReferenceData.District;
    public const string CommuneH = TestReferenceData.Commune;
    public const string CommuneI = "00532";
    public const string Phone4 = "0111";

    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);

    public static readonly string FastDistrict = TestReferenceData.FastTrackProcedure(OfficeLevel.District).Code;
    public static readonly string StandardDistrict = TestReferenceData.StandardDaysProcedure(OfficeLevel.District).Code;
    public static readonly string FastCommune = TestReferenceData.FastTrackProcedure(OfficeLevel.Commune).Code;

    /// <summary>Monday 12 September 2022, 09:00: where the scenario's clock starts.</summary>
    public static readonly DateTimeOffset Start = At(12, 9, 0);

    /// <summary>Wednesday 14 September 2022, 09:10: when the statistics are read.</summary>
    public static readonly DateTimeOffset ReadAt = At(14, 9, 10);

    public static DateTimeOffset At(int day, int hour, int minute) => new(2022, 9, day, hour, minute, 0, Hanoi);

    /// <summary>An engine whose clock starts at <see cref="Start"/>: in memory, or on <paramref name="connectionString"/>.</summary>
    public static ApiFactory Engine(string? connectionString = null) => new() { ConnectionString = connectionString, Time = new FakeTimeProvider(Start) };

    /// <summary>Builds the dossiers and leaves the clock at <see cref="ReadAt"/>.</summary>
    public static async Task BuildAsync(ApiFactory engine)
    {
        var http = engine.CreateActingClient();
        var clock = engine.Time;

        var l = await ReceiveAsync(http, District, FastDistrict, "cb.an");
        clock.SetUtcNow(At(12, 10, 0));
        await ResolveAsync(http, l, rating: null);

        clock.SetUtcNow(At(13, 9, 0));
        var a = await ReceiveAsync(http, District, FastDistrict, "cb.an");
        var b = await ReceiveAsync(http, District, FastDistrict, "cb.binh");
        var c = await ReceiveAsync(http, District, FastDistrict, "cb.an");
        var d = await ReceiveAsync(http, District, FastDistrict, "cb.binh");
        var e = await ReceiveAsync(http, District, StandardDistrict, "cb.an");
        await ReceiveAsync(http, District, FastDistrict, "cb.binh"); // F
        var j = await ReceiveAsync(http, District, FastDistrict, "cb.binh");
        var k = await ReceiveAsync(http, District, FastDistrict, "cb.an");
        var h = await ReceiveAsync(http, CommuneH, FastCommune, "cb.xa");
        var i = await ReceiveAsync(http, CommuneI, FastCommune, "cb.xa");
        foreach (var code in new[] { a, b, d, h, i })
        {
            await StepAsync(http, code, "forward", new { to = "cv.chuyenmon" });
            await StepAsync(http, code, "submit-for-signature", new { to = "ld.ubnd" });
        }

        await StepAsync(http, e, "forward", new { to = "cv.chuyenmon" });

        clock.SetUtcNow(At(13, 9, 10));
        await StepAsync(http, k, "withdraw", new { reason = "Công dân xin rút hồ sơ." });

        clock.SetUtcNow(At(13, 9, 20));
        await StepAsync(http, c, "request-supplement", new { reason = "Thiếu bản sao giấy tờ tùy thân." });

        clock.SetUtcNow(At(13, 9, 30));
        await StepAsync(http, j, "request-supplement", new { reason = "Thiếu bản sao giấy tờ tùy thân." });
        await ResolveAsync(http, a, "Satisfied");

        clock.SetUtcNow(At(13, 10, 0));
        await ResolveAsync(http, h, "Neutral");

        clock.SetUtcNow(At(13, 10, 20));
        await StepAsync(http, c, "resubmit-supplement", new { });
        await StepAsync(http, c, "forward", new { to = "cv.chuyenmon" });
        await StepAsync(http, c, "submit-for-signature", new { to = "ld.ubnd" });

        clock.SetUtcNow(At(13, 10, 45));
        await ResolveAsync(http, b, "Dissatisfied");
        await ResolveAsync(http, i, "Satisfied");

        clock.SetUtcNow(At(13, 11, 50));
        await StepAsync(http, c, "approve", new { });

        clock.SetUtcNow(At(13, 14, 50));
        var g = await ReceiveAsync(http, District, FastDistrict, "cb.binh");

        clock.SetUtcNow(At(13, 16, 30));
        await StepAsync(http, g, "request-supplement", new { reason = "Thiếu bản sao giấy tờ tùy thân." });

        clock.SetUtcNow(At(14, 8, 30));
        await ResolveAsync(http, d, "Satisfied");

        clock.SetUtcNow(ReadAt);
    }

    /// <summary>A client of a leader of <paramref name="office"/>, district-wide or not.</summary>
    public static HttpClient Leader(ApiFactory engine, string office = District, bool districtWide = true)
    {
        var client = engine.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(Role.Leader, office, districtWide));
        return client;
    }

    public static async Task<StatisticsReport> StatisticsAsync(HttpClient http, string query)
    {
        var response = await http.GetAsync($"/api/statistics?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<StatisticsReport>(Json))!;
    }

    public static async Task<FastTrackReport> FastTrackAsync(HttpClient http, string query)
    {
        var response = await http.GetAsync($"/api/statistics/fast-track-report?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<FastTrackReport>(Json))!;
    }

    /// <summary>The queries whose answers both read sides must give alike.</summary>
    public static readonly string[] Queries =
    [
        "from=2022-09-13&to=2022-09-14",
        "from=2022-09-12&to=2022-09-14",
        "from=2022-09-13&to=2022-09-14&groupBy=procedure",
        "from=2022-09-13&to=2022-09-14&groupBy=officer",
        "from=2022-09-12&to=2022-09-14&groupBy=day",
        $"from=2022-09-13&to=2022-09-13&office={District}&groupBy=officer",
        $"from=2022-09-12&to=2022-09-14&procedure={FastDistrict}",
    ];

    /// <summary>The line of the statistics as a tuple, for compact comparisons.</summary>
    public static object Tuple(StatisticsLine l) => (
        (l.Received, l.Resolved, l.Early, l.OnTime, l.Late, l.OnTimePercent, l.MedianWorkingMinutes, l.P90WorkingMinutes),
        (l.OpenNotYetDue, l.OpenNearlyLate, l.OpenLate),
        (l.Rated, l.Satisfied, l.Neutral, l.Dissatisfied, l.SatisfiedPercent));

    public static object Line(
        int received, int resolved, int early, int onTime, int late, decimal? onTimePercent, int? median, int? p90,
        (int NotYetDue, int NearlyLate, int Late) open, int rated, int satisfied, int neutral, int dissatisfied, decimal? satisfiedPercent) =>
        ((received, resolved, early, onTime, late, onTimePercent, median, p90), open, (rated, satisfied, neutral, dissatisfied, satisfiedPercent));

    /// <summary>Asserts every number of the scenario's statistics and fast-track report.</summary>
    public static async Task AssertNumbersAsync(HttpClient http)
    {
        var none = Line(0, 0, 0, 0, 0, null, null, null, (0, 0, 0), 0, 0, 0, 0, null);

        // Tuesday and Wednesday, every office: Monday's L is outside the period.
        var byOffice = await StatisticsAsync(http, "from=2022-09-13&to=2022-09-14");
        Assert.Equal(StatisticsGrouping.Office, byOffice.GroupBy);
        Assert.Equal(23, byOffice.Rows.Count);
        Assert.Equal(TestReferenceData.Shipped.Offices.Keys, byOffice.Rows.Select(r => r.Key));
        Assert.Equal(TestReferenceData.Shipped.Offices.Keys, byOffice.Offices);
        Assert.Equal(ReadAt, byOffice.At);
        Assert.Equal(TimeSpan.FromHours(7), byOffice.At.Offset);
        var district = byOffice.Rows.Single(r => r.Key == District);
        Assert.Equal("UBND huyện Gia Lâm", district.Name);
        Assert.Equal(Line(9, 4, 1, 2, 1, 75.0m, 105, 450, (2, 1, 1), 3, 2, 0, 1, 66.7m), Tuple(district));
        Assert.Equal(Line(1, 1, 1, 0, 0, 100.0m, 60, 60, (0, 0, 0), 1, 0, 1, 0, 0.0m), Tuple(byOffice.Rows.Single(r => r.Key == CommuneH)));
        Assert.Equal(Line(1, 1, 0, 1, 0, 100.0m, 105, 105, (0, 0, 0), 1, 1, 0, 0, 100.0m), Tuple(byOffice.Rows.Single(r => r.Key == CommuneI)));
        Assert.All(byOffice.Rows.Where(r => r.Key is not (District or CommuneH or CommuneI)), r => Assert.Equal(none, Tuple(r)));
        Assert.Equal("total", byOffice.Total.Key);
        Assert.Equal(Line(11, 6, 2, 3, 1, 83.3m, 105, 450, (2, 1, 1), 5, 3, 1, 1, 60.0m), Tuple(byOffice.Total));

        // From Monday: L is received and resolved early in 60 working minutes.
        var fromMonday = await StatisticsAsync(http, "from=2022-09-12&to=2022-09-14");
        Assert.Equal(Line(12, 7, 3, 3, 1, 85.7m, 105, 450, (2, 1, 1), 5, 3, 1, 1, 60.0m), Tuple(fromMonday.Total));

        // Per officer who received them, at the district office on Tuesday: D's result and rating came on Wednesday.
        var byOfficer = await StatisticsAsync(http, $"from=2022-09-13&to=2022-09-13&office={District}&groupBy=officer");
        Assert.Equal([District], byOfficer.Offices);
        Assert.Equal(["cb.an", "cb.binh"], byOfficer.Rows.Select(r => r.Key));
        Assert.Equal(Line(4, 2, 1, 1, 0, 100.0m, 30, 110, (1, 0, 0), 1, 1, 0, 0, 100.0m), Tuple(byOfficer.Rows[0]));
        Assert.Equal(Line(5, 1, 0, 1, 0, 100.0m, 105, 105, (1, 1, 1), 1, 0, 0, 1, 0.0m), Tuple(byOfficer.Rows[1]));

        // Per day, every office: each measure on its own day.
        var byDay = await StatisticsAsync(http, "from=2022-09-12&to=2022-09-14&groupBy=day");
        Assert.Equal(["2022-09-12", "2022-09-13", "2022-09-14"], byDay.Rows.Select(r => r.Key));
        Assert.Equal("13/09/2022", byDay.Rows[1].Name);
        Assert.Equal(Line(1, 1, 1, 0, 0, 100.0m, 60, 60, (0, 0, 0), 0, 0, 0, 0, null), Tuple(byDay.Rows[0]));
        Assert.Equal(Line(11, 5, 2, 3, 0, 100.0m, 105, 110, (2, 1, 1), 4, 2, 1, 1, 50.0m), Tuple(byDay.Rows[1]));
        Assert.Equal(Line(0, 1, 0, 0, 1, 0.0m, 450, 450, (0, 0, 0), 1, 1, 0, 0, 100.0m), Tuple(byDay.Rows[2]));

        // Per procedure: the standard-days dossier E apart.
        var byProcedure = await StatisticsAsync(http, "from=2022-09-13&to=2022-09-14&groupBy=procedure");
        Assert.Equal(
            new[] { FastDistrict, StandardDistrict, FastCommune }.OrderBy(p => TestReferenceData.Shipped.Procedures.Keys.ToList().IndexOf(p)),
            byProcedure.Rows.Select(r => r.Key));
        Assert.Equal(TestReferenceData.Shipped.Procedures[FastDistrict].Name, byProcedure.Rows.Single(r => r.Key == FastDistrict).Name);
        Assert.Equal(Line(8, 4, 1, 2, 1, 75.0m, 105, 450, (1, 1, 1), 3, 2, 0, 1, 66.7m), Tuple(byProcedure.Rows.Single(r => r.Key == FastDistrict)));
        Assert.Equal(Line(1, 0, 0, 0, 0, null, null, null, (1, 0, 0), 0, 0, 0, 0, null), Tuple(byProcedure.Rows.Single(r => r.Key == StandardDistrict)));
        Assert.Equal(Line(2, 2, 1, 1, 0, 100.0m, 60, 105, (0, 0, 0), 2, 1, 1, 0, 50.0m), Tuple(byProcedure.Rows.Single(r => r.Key == FastCommune)));

        // One procedure only: the filter applies before grouping.
        var fastOnly = await StatisticsAsync(http, $"from=2022-09-12&to=2022-09-14&procedure={FastDistrict}");
        Assert.Equal(FastDistrict, fastOnly.Procedure);
        Assert.Equal(Line(9, 5, 2, 2, 1, 80.0m, 105, 450, (1, 1, 1), 3, 2, 0, 1, 66.7m), Tuple(fastOnly.Total));

        // The seed's report: Monday's L had the standard rule, so it is not a fast-track dossier.
        var report = await FastTrackAsync(http, "from=2022-09-12&to=2022-09-14");
        Assert.Equal(120, report.WorkingMinutes);
        Assert.Equal(23, report.Offices.Count);
        Assert.Equal(("district", 1, 4, 3, 1), (report.District.Key, report.District.Procedures, report.District.Resolved, report.District.WithinTime, report.District.Late));
        Assert.Equal(("communes", 1, 2, 2, 0), (report.Communes.Key, report.Communes.Procedures, report.Communes.Resolved, report.Communes.WithinTime, report.Communes.Late));
        Assert.Equal(("total", 2, 6, 5, 1), (report.Total.Key, report.Total.Procedures, report.Total.Resolved, report.Total.WithinTime, report.Total.Late));
        Assert.Equal((1, 1, 1, 0), Part(report.Offices.Single(o => o.Key == CommuneH)));
        Assert.Equal((1, 1, 1, 0), Part(report.Offices.Single(o => o.Key == CommuneI)));
        Assert.Equal(
            "Từ ngày 12/09/2022 đến ngày 14/09/2022, đã giải quyết 5 hồ sơ của 2 thủ tục hành chính trong vòng 2 giờ làm việc kể từ khi tiếp nhận (cấp huyện: 3 hồ sơ, 1 thủ tục; cấp xã: 2 hồ sơ, 1 thủ tục).",
            report.Summary);

        // Tuesday alone: D's result came on Wednesday.
        var tuesday = await FastTrackAsync(http, "from=2022-09-13&to=2022-09-13");
        Assert.Equal((2, 5, 5, 0), Part(tuesday.Total));
    }

    private static (int Procedures, int Resolved, int WithinTime, int Late) Part(FastTrackLine line) =>
        (line.Procedures, line.Resolved, line.WithinTime, line.Late);

    private static async Task<string> ReceiveAsync(HttpClient http, string office, string procedure, string officer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/offices/{office}/dossiers")
        {
            Content = JsonContent.Create(new
            {
                procedureCode = procedure,
                applicant = new { fullName = "Phạm Văn Bình", phone = "0912000111", citizenId = "001085012345", address = "Số 1 Trâu Quỳ, Gia Lâm, Hà Nội" },
                consent = "Signature",
                form = SampleForm.For(TestReferenceData.Shipped, procedure),
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(Role.CounterOfficer, office, user: officer));
        var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<DossierView>(Json))!.Code;
    }

    private static async Task StepAsync(HttpClient http, string code, string step, object body)
    {
        var response = await http.PostAsJsonAsync($"/api/dossiers/{code}/{step}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{code} {step}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task ResolveAsync(HttpClient http, string code, string? rating)
    {
        var view = (await http.GetFromJsonAsync<DossierView>($"/api/dossiers/{code}", Json))!;
        if (view.Status == CaseEngine.Domain.Dossiers.DossierStatus.Received)
        {
            await StepAsync(http, code, "forward", new { to = "cv.chuyenmon" });
            await StepAsync(http, code, "submit-for-signature", new { to = "ld.ubnd" });
        }

        await StepAsync(http, code, "approve", new { });
        await StepAsync(http, code, "return", new { });
        if (rating is not null)
        {
            var response = await http.PostAsJsonAsync($"/api/public/dossiers/{code}/rating", new { phone4 = Phone4, satisfaction = rating });
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
    }
}
