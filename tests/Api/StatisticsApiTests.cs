using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Api.Statistics;
using CaseEngine.Tests.Support;
using CsvHelper;
using MiniExcelLibs;

namespace CaseEngine.Tests.Api;

/// <summary>The scenario's dossiers on the memory engine, built once.</summary>
public sealed class StatisticsScenarioFixture : IAsyncLifetime
{
    public ApiFactory Engine { get; } = StatisticsScenario.Engine();

    public async Task InitializeAsync() => await StatisticsScenario.BuildAsync(Engine);

    public async Task DisposeAsync() => await Engine.DisposeAsync();
}

/// <summary>Leaders' statistics on the memory engine: every number, the exports read back, scope and bad input.</summary>
public sealed class StatisticsApiTests(StatisticsScenarioFixture fixture) : IClassFixture<StatisticsScenarioFixture>
{
    private const string Period = "from=2022-09-13&to=2022-09-14";

    private HttpClient Leader(string office = StatisticsScenario.District, bool districtWide = true) =>
        StatisticsScenario.Leader(fixture.Engine, office, districtWide);

    [Fact]
    public async Task Statistics_OfTheScenario_CountEveryMeasure()
    {
        await StatisticsScenario.AssertNumbersAsync(Leader());
    }

    [Fact]
    public async Task Csv_ReadBack_HasTheNumbersUnderVietnameseHeaders_InUtf8WithABom()
    {
        var response = await Leader().GetAsync($"/api/statistics?{Period}&format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("thong-ke-2022-09-13-2022-09-14.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);

        var rows = ReadCsv(bytes);
        Assert.Equal(24, rows.Count);
        var district = rows.Single(r => r["Mã đơn vị"] == StatisticsScenario.District);
        Assert.Equal("UBND huyện Gia Lâm", district["Đơn vị"]);
        Assert.Equal(
            ["9", "4", "1", "2", "1", "75.0", "105", "450", "2", "1", "1", "3", "2", "0", "1", "66.7"],
            Numbers(district));
        var total = rows[^1];
        Assert.Equal(("total", "Tổng cộng"), (total["Mã đơn vị"], total["Đơn vị"]));
        Assert.Equal(
            ["11", "6", "2", "3", "1", "83.3", "105", "450", "2", "1", "1", "5", "3", "1", "1", "60.0"],
            Numbers(total));
        Assert.Equal(string.Empty, rows.Single(r => r["Mã đơn vị"] == "00526")["Tỷ lệ đúng hạn (%)"]);
    }

    [Fact]
    public async Task Xlsx_ReadBack_HasTheNumbersAsNumbers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/statistics?{Period}&groupBy=officer&office={StatisticsScenario.District}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ReportExport.XlsxType));
        var response = await Leader().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ReportExport.XlsxType, response.Content.Headers.ContentType?.MediaType);
        var rows = ReadXlsx(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["cb.an", "cb.binh", "total"], rows.Select(r => (string)r["Tài khoản"]!));
        var binh = rows[1];
        Assert.Equal("cb.binh", binh["Cán bộ tiếp nhận"]);
        Assert.Equal(5d, Convert.ToDouble(binh["Tiếp nhận"], CultureInfo.InvariantCulture));
        Assert.Equal(2d, Convert.ToDouble(binh["Đã giải quyết"], CultureInfo.InvariantCulture));
        Assert.Equal(1d, Convert.ToDouble(binh["Quá hạn"], CultureInfo.InvariantCulture));
        Assert.Equal(50d, Convert.ToDouble(binh["Tỷ lệ đúng hạn (%)"], CultureInfo.InvariantCulture));
        Assert.Equal(450d, Convert.ToDouble(binh["P90 phút làm việc"], CultureInfo.InvariantCulture));
        Assert.Equal(1d, Convert.ToDouble(binh["Đang giải quyết: sắp đến hạn"], CultureInfo.InvariantCulture));
        Assert.Equal(2d, Convert.ToDouble(binh["Lượt đánh giá"], CultureInfo.InvariantCulture));
        var total = rows[2];
        Assert.Equal(9d, Convert.ToDouble(total["Tiếp nhận"], CultureInfo.InvariantCulture));
        Assert.Equal(66.7d, Convert.ToDouble(total["Tỷ lệ hài lòng (%)"], CultureInfo.InvariantCulture), 6);
    }

    [Fact]
    public async Task FastTrackReport_AsCsvAndXlsx_ReadsBackTheDistrictAndTheCommunes()
    {
        var csv = await Leader().GetAsync("/api/statistics/fast-track-report?from=2022-09-12&to=2022-09-14&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var csvRows = ReadCsv(await csv.Content.ReadAsByteArrayAsync());
        Assert.Equal(26, csvRows.Count);
        Assert.Equal(
            [("district", "Cấp huyện", "1", "4", "3", "1"), ("communes", "Cấp xã", "1", "2", "2", "0"), ("total", "Tổng cộng", "2", "6", "5", "1")],
            csvRows[^3..].Select(r => (r["Mã"], r["Đơn vị"], r["Số thủ tục"], r["Đã giải quyết"], r["Trong thời hạn giải quyết nhanh"], r["Quá hạn"])));
        Assert.Equal("Xã", csvRows.Single(r => r["Mã"] == StatisticsScenario.CommuneH)["Cấp"]);

        var xlsx = await Leader().GetAsync("/api/statistics/fast-track-report?from=2022-09-12&to=2022-09-14&format=XLSX");
        Assert.Equal(ReportExport.XlsxType, xlsx.Content.Headers.ContentType?.MediaType);
        var xlsxRows = ReadXlsx(await xlsx.Content.ReadAsByteArrayAsync());
        var total = xlsxRows.Single(r => (string?)r["Mã"] == "total");
        Assert.Equal(5d, Convert.ToDouble(total["Trong thời hạn giải quyết nhanh"], CultureInfo.InvariantCulture));
        var district = xlsxRows.Single(r => (string?)r["Mã"] == StatisticsScenario.District);
        Assert.Equal(("UBND huyện Gia Lâm", "Huyện"), ((string?)district["Đơn vị"], (string?)district["Cấp"]));
        Assert.Equal(3d, Convert.ToDouble(district["Trong thời hạn giải quyết nhanh"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Json_IsTheDefault_AndAcceptOfCsvGivesCsv()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/statistics?{Period}");
        request.Headers.Accept.ParseAdd("text/csv");
        var csv = await Leader().SendAsync(request);
        var json = await Leader().GetAsync($"/api/statistics?{Period}");

        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnOfficeLeader_SeesTheirOffice_AndNoOther()
    {
        var own = await StatisticsScenario.StatisticsAsync(Leader(StatisticsScenario.CommuneH, districtWide: false), Period);
        Assert.Equal([StatisticsScenario.CommuneH], own.Offices);
        Assert.Equal([StatisticsScenario.CommuneH], own.Rows.Select(r => r.Key));
        Assert.Equal(1, own.Total.Received);
        var report = await StatisticsScenario.FastTrackAsync(Leader(StatisticsScenario.CommuneH, districtWide: false), Period);
        Assert.Equal((0, 1), (report.District.Resolved, report.Communes.Resolved));

        foreach (var path in new[] { "/api/statistics", "/api/statistics/fast-track-report" })
        {
            var other = await Leader(StatisticsScenario.CommuneH, districtWide: false).GetAsync($"{path}?{Period}&office={StatisticsScenario.District}");
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
            Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        }

        var admin = fixture.Engine.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(Role.Administrator, StatisticsScenario.District));
        Assert.Equal([StatisticsScenario.District], (await StatisticsScenario.StatisticsAsync(admin, Period)).Offices);
        var officer = fixture.Engine.CreateClient();
        officer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.For(Role.CounterOfficer, StatisticsScenario.District));
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync($"/api/statistics?{Period}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Engine.CreateClient().GetAsync($"/api/statistics?{Period}")).StatusCode);
    }

    [Fact]
    public async Task WithoutDays_TheMonthSoFarIsCounted()
    {
        var report = await StatisticsScenario.StatisticsAsync(Leader(), string.Empty);

        Assert.Equal((new DateOnly(2022, 9, 1), new DateOnly(2022, 9, 14)), (report.From, report.To));
        Assert.Equal(12, report.Total.Received);
    }

    [Theory]
    [InlineData("from=13-09-2022", "from")]
    [InlineData("from=2022-02-30", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2022-09-14&to=2022-09-13", "to")]
    [InlineData("from=2022-10-01", "from")]
    [InlineData("from=1800-01-01&to=2022-09-13", "from")]
    [InlineData("from=2000-01-01&to=2022-09-13", "to")]
    [InlineData("from=2021-01-01&to=2022-09-13&groupBy=day", "to")]
    [InlineData("groupBy=week", "groupBy")]
    [InlineData("groupBy=1", "groupBy")]
    [InlineData("format=pdf", "format")]
    public async Task Statistics_WithBadInput_IsAProblemNamingTheField(string query, string field)
    {
        var response = await Leader().GetAsync($"/api/statistics?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
    }

    [Theory]
    [InlineData("/api/statistics?office=99999")]
    [InlineData("/api/statistics?procedure=9.999999.H29")]
    [InlineData("/api/statistics/fast-track-report?office=99999")]
    public async Task AnUnknownOfficeOrProcedure_IsNotFound(string path)
    {
        var response = await Leader().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task HostileQueryValues_AreRefusedAsProblems_NeverAnError()
    {
        string[] hostile =
        [
            "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd", "%00", "\u0000", "\uFFFF", "𝕏𝕏𝕏", "{{7*7}}",
            "-1", "1e309", "null", "[]", "2022-09-13T00:00:00", "9999-12-31", "0001-01-01", new string('A', 5_000), new string('ệ', 500),
        ];
        var leader = Leader();
        var fields = new Dictionary<string, string[]>
        {
            ["/api/statistics"] = ["from", "to", "office", "procedure", "groupBy", "format"],
            ["/api/statistics/fast-track-report"] = ["from", "to", "office", "format"],
        };
        foreach (var (path, names) in fields)
        {
            foreach (var field in names)
            {
                foreach (var value in hostile)
                {
                    var response = await leader.GetAsync($"{path}?{field}={Uri.EscapeDataString(value)}");
                    Assert.True(
                        response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound,
                        $"{path} {field}={value[..Math.Min(40, value.Length)]}: {response.StatusCode}");
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            }
        }
    }

    [Theory]
    [InlineData(new int[0], 0.5, null)]
    [InlineData(new[] { 7 }, 0.9, 7)]
    [InlineData(new[] { 1, 2 }, 0.5, 1)]
    [InlineData(new[] { 1, 2, 3 }, 0.5, 2)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 0.9, 9)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, 0.9, 10)]
    public void Percentile_IsNearestRank(int[] sorted, double share, int? expected)
    {
        Assert.Equal(expected, StatisticsCalculator.Percentile(sorted, share));
    }

    private static List<Dictionary<string, string>> ReadCsv(byte[] bytes)
    {
        using var reader = CsvReader.Create(bytes);
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            var headers = reader.Headers;
            rows.Add(Enumerable.Range(0, headers.Count).ToDictionary(i => headers[i], reader.GetString, StringComparer.Ordinal));
        }

        return rows;
    }

    private static string[] Numbers(Dictionary<string, string> row) => [.. row.Values.Skip(2)];

    private static List<IDictionary<string, object?>> ReadXlsx(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return [.. stream.Query(useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>()];
    }
}
