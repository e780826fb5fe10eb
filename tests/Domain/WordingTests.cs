using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Wording;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Domain;

/// <summary>The Vietnamese words and the fast-track wording come from the rule set and the office's week.</summary>
public sealed class WordingTests
{
    private static readonly TimeSpan EightHours = TimeSpan.FromHours(8);

    private static DossierContext FastTrack => DossierDeciderHarness.Context(OfficeLevel.District, fastTrack: true);

    private static Office District => TestReferenceData.Shipped.Offices[TestReferenceData.District];

    private static RuleSet Rules => TestReferenceData.Shipped.RuleSet;

    private static DateTimeOffset At(int month, int day, int hour, int minute) => DossierDeciderHarness.At(2022, month, day, hour, minute);

    [Fact]
    public void Weekdays_AreNamedOnce_MondayFirst()
    {
        Assert.Equal("thứ Ba", VietnameseWords.Weekday(DayOfWeek.Tuesday));
        Assert.Equal("Chủ nhật", VietnameseWords.Weekday(DayOfWeek.Sunday));
        Assert.Equal("thứ Ba, thứ Năm", VietnameseWords.Weekdays([DayOfWeek.Thursday, DayOfWeek.Tuesday]));
        Assert.Equal("thứ Bảy, Chủ nhật", VietnameseWords.Weekdays([DayOfWeek.Sunday, DayOfWeek.Saturday, DayOfWeek.Sunday]));
    }

    [Fact]
    public void BucketsAndOutcomes_HaveTheirDashboardNames()
    {
        Assert.Equal(["Chưa đến hạn", "Sắp đến hạn", "Quá hạn"], Enum.GetValues<Bucket>().Select(b => b.VietnameseName()));
        Assert.Equal(["Trước hạn", "Đúng hạn", "Quá hạn"], Enum.GetValues<Timeliness>().Select(t => t.VietnameseName()));
    }

    [Theory]
    [InlineData(0, "còn 0 phút")]
    [InlineData(85, "còn 1 giờ 25 phút")]
    [InlineData(120, "còn 2 giờ")]
    [InlineData(480, "còn 1 ngày")]
    [InlineData(7200, "còn 15 ngày")]
    [InlineData(-1, "quá hạn 1 phút")]
    [InlineData(-1025, "quá hạn 2 ngày 1 giờ 5 phút")]
    public void TimeLeft_CountsDaysOfTheOfficesWorkingDay(int minutes, string expected) =>
        Assert.Equal(expected, VietnameseWords.TimeLeft(minutes, EightHours));

    [Fact]
    public void TimeLeft_WithAShorterWorkingDay_CountsItsDays()
    {
        var sevenHours = TimeSpan.FromHours(7);

        Assert.Equal("còn 1 ngày 1 giờ", VietnameseWords.TimeLeft(480, sevenHours));
        Assert.Equal(TimeSpan.FromHours(8), District.Calendar.Week.DayLength);
    }

    [Theory]
    [InlineData(120, "2 giờ làm việc")]
    [InlineData(90, "1 giờ 30 phút làm việc")]
    [InlineData(45, "45 phút làm việc")]
    [InlineData(960, "16 giờ làm việc")]
    public void WorkingTime_IsWordedInHoursAndMinutes(int minutes, string expected) =>
        Assert.Equal(expected, VietnameseWords.WorkingTime(minutes));

    [Fact]
    public void ProcessingTime_IsWordedInItsUnit()
    {
        Assert.Equal("3 ngày làm việc", VietnameseWords.ProcessingTime(new ProcessingTime(3, null)));
        Assert.Equal("4 giờ làm việc", VietnameseWords.ProcessingTime(new ProcessingTime(null, 4)));
    }

    [Fact]
    public void Promise_ComesFromTheRuleSetAndTheOfficesWeek()
    {
        Assert.Equal("Giải quyết trong 2 giờ làm việc khi nộp vào ngày thứ Ba (nộp muộn nhất 15:00)", FastTrackWording.Promise(District, Rules));
        Assert.Equal(
            "Giải quyết trong 1 giờ 30 phút làm việc khi nộp vào ngày thứ Ba (nộp muộn nhất 14:00)",
            FastTrackWording.Promise(District, Rules with { FastTrackWorkingMinutes = 90, FastTrackCutOff = new TimeOnly(14, 0) }));
        Assert.Equal(
            "Giải quyết trong 2 giờ làm việc khi nộp vào ngày thứ Ba",
            FastTrackWording.Promise(District, Rules with { LateFastTrack = LateFastTrackReception.CarryOver }));
    }

    [Fact]
    public void Promise_OfSeveralFastTrackDays_NamesThemAll_AndEachDaysLatestTimeWhenTheyDiffer()
    {
        var trauQuy = TestReferenceData.Shipped.Offices["00565"];
        var twoDays = trauQuy with { FastTrackDays = new HashSet<DayOfWeek> { DayOfWeek.Thursday, DayOfWeek.Tuesday } };
        var withSaturday = trauQuy with { FastTrackDays = new HashSet<DayOfWeek> { DayOfWeek.Saturday, DayOfWeek.Tuesday } };

        Assert.Equal("Giải quyết trong 2 giờ làm việc khi nộp vào ngày thứ Ba, thứ Năm (nộp muộn nhất 15:00)", FastTrackWording.Promise(twoDays, Rules));
        Assert.Equal(
            "Giải quyết trong 2 giờ làm việc khi nộp vào ngày thứ Ba, thứ Bảy (nộp muộn nhất 15:00 thứ Ba, 09:30 thứ Bảy)",
            FastTrackWording.Promise(withSaturday, Rules));
        Assert.Null(FastTrackWording.Promise(trauQuy with { FastTrackDays = new HashSet<DayOfWeek>() }, Rules));
    }

    [Fact]
    public void Title_OfTheReport_NamesTheFastTrackTimeAndDays() =>
        Assert.Equal("Thủ tục giải quyết trong 2 giờ làm việc ngày thứ Ba", FastTrackWording.Title(TestReferenceData.Shipped.Offices.Values, Rules));

    public static TheoryData<LateFastTrackReception, int, int, string> Allotments => new()
    {
        { LateFastTrackReception.Standard, 10, 0, "2 giờ làm việc (giải quyết nhanh ngày thứ Ba)" },
        { LateFastTrackReception.Standard, 16, 0, "{standard} (nộp sau 15:00 ngày thứ Ba nên không kịp giải quyết nhanh trong ngày)" },
        { LateFastTrackReception.Standard, 18, 9, "{standard} (nộp ngoài giờ làm việc ngày thứ Ba nên không kịp giải quyết nhanh trong ngày)" },
        { LateFastTrackReception.CarryOver, 16, 0, "2 giờ làm việc (giải quyết nhanh ngày thứ Ba; nộp sau 15:00 ngày thứ Ba nên trả kết quả vào ngày làm việc tiếp theo)" },
        { LateFastTrackReception.CarryOver, 18, 9, "2 giờ làm việc (giải quyết nhanh ngày thứ Ba; nộp ngoài giờ làm việc ngày thứ Ba nên trả kết quả vào ngày làm việc tiếp theo)" },
    };

    [Theory]
    [MemberData(nameof(Allotments))]
    public void Allotted_SaysTheTimeGiven_AndWhyAFastTrackDossierMissedItsDay(LateFastTrackReception late, int hour, int minute, string expected)
    {
        var context = FastTrack with { Rules = FastTrack.Rules with { LateFastTrack = late } };
        var receivedAt = At(9, 13, hour, minute);
        var sla = SlaPolicy.AtReception(context, Channel.Counter, receivedAt);

        var wording = FastTrackWording.Allotted(sla, context, receivedAt);

        Assert.Equal(expected.Replace("{standard}", VietnameseWords.ProcessingTime(context.Procedure.ProcessingTime), StringComparison.Ordinal), wording);
    }

    [Fact]
    public void Allotted_OfAStandardDossier_IsItsProcessingTime()
    {
        var receivedAt = At(9, 14, 10, 0);
        var sla = SlaPolicy.AtReception(FastTrack, Channel.Counter, receivedAt);

        Assert.Equal(VietnameseWords.ProcessingTime(FastTrack.Procedure.ProcessingTime), FastTrackWording.Allotted(sla, FastTrack, receivedAt));
    }
}
