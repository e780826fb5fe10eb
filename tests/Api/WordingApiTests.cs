using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Wording;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Api;

/// <summary>The API sends the Vietnamese words and the fast-track wording: the pages only render them.</summary>
[Collection(ApiCollection.Name)]
public sealed class WordingApiTests(ApiFactory factory)
{
    private readonly HttpClient _staff = factory.CreateActingClient();

    [Fact]
    public async Task TheOffice_SaysItsFastTrackPromise_FromTheRuleSetAndItsWeek()
    {
        var office = await _staff.GetFromJsonAsync<JsonElement>($"/api/offices/{TestReferenceData.District}");

        Assert.Equal("Giải quyết trong 2 giờ làm việc khi nộp vào ngày thứ Ba (nộp muộn nhất 15:00)", office.GetProperty("fastTrackPromise").GetString());
        Assert.Equal("Asia/Ho_Chi_Minh", office.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task AProcedure_SaysItsStandardTimeInWords()
    {
        var procedure = TestReferenceData.StandardDaysProcedure(OfficeLevel.District);

        var info = await _staff.GetFromJsonAsync<JsonElement>($"/api/procedures/{procedure.Code}");

        Assert.Equal($"{procedure.ProcessingTime.WorkingDays} ngày làm việc", info.GetProperty("processingTimeWording").GetString());
    }

    [Fact]
    public async Task TheOfficesList_SaysStatusBucketAndTimeLeftInWords()
    {
        var code = await new Web.Counter(_staff).ReceiveAsync(fastTrack: false);

        var entries = await _staff.GetFromJsonAsync<JsonElement[]>($"/api/offices/{TestReferenceData.District}/dossiers?limit=1000");
        var entry = entries!.Single(e => e.GetProperty("code").GetString() == code);

        Assert.Equal("Được tiếp nhận", entry.GetProperty("statusName").GetString());
        Assert.Equal("Chưa đến hạn", entry.GetProperty("bucketName").GetString());
        var left = entry.GetProperty("workingMinutesLeft").GetInt32();
        Assert.Equal(VietnameseWords.TimeLeft(left, TimeSpan.FromHours(8)), entry.GetProperty("timeLeftWording").GetString());
        Assert.StartsWith("còn ", entry.GetProperty("timeLeftWording").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePagesWords_AreTheDomains_WithoutAToken()
    {
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.GetAsync("/api/public/wording");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var wording = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            ["Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"],
            wording.GetProperty("weekdays").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("Sắp đến hạn", wording.GetProperty("buckets").GetProperty("NearlyLate").GetString());
        Assert.Equal("Đang xử lý (trình ký)", wording.GetProperty("statuses").GetProperty("AwaitingSignature").GetString());
        Assert.Equal("Đúng hạn", wording.GetProperty("outcomes").GetProperty("OnTime").GetString());
        Assert.False(wording.GetProperty("statuses").TryGetProperty("None", out _));
        var durations = wording.GetProperty("durations");
        Assert.Equal(("giờ", "phút", "còn", "quá hạn"), (
            durations.GetProperty("hour").GetString(), durations.GetProperty("minute").GetString(),
            durations.GetProperty("left").GetString(), durations.GetProperty("overdue").GetString()));
        Assert.Equal($"{durations.GetProperty("overdue").GetString()} 1 {durations.GetProperty("hour").GetString()} 5 {durations.GetProperty("minute").GetString()}", VietnameseWords.TimeLeft(-65, TimeSpan.FromHours(8)));
    }

    [Fact]
    public async Task TheFastTrackReport_HasItsHeadingAndTimeInWords()
    {
        using var leader = factory.CreateClientAs(Role.Leader, TestReferenceData.District, districtWide: true);

        var report = await leader.GetFromJsonAsync<JsonElement>("/api/statistics/fast-track-report?from=2022-09-01&to=2022-09-30");

        Assert.Equal("Thủ tục giải quyết trong 2 giờ làm việc ngày thứ Ba", report.GetProperty("title").GetString());
        Assert.Equal("2 giờ làm việc", report.GetProperty("workingTime").GetString());
        Assert.Contains("trong vòng 2 giờ làm việc kể từ khi tiếp nhận", report.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("16:00")]
    [InlineData("2022-09-13")]
    [InlineData("0001-01-01T00:00")]
    [InlineData("2022-09-13T16:00:00+25:00")]
    public async Task ANewAppointment_ThatIsNoTime_IsAProblemNamingIt(string appointment)
    {
        using var response = await _staff.PostAsJsonAsync(
            $"/api/dossiers/{TestReferenceData.District}-220913-0001/apology", new { reason = "Cần xác minh thêm", newAppointment = appointment });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["newAppointment"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }
}
