using System.Globalization;
using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Reference;
using CaseEngine.Grains.Reference;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Domain;

/// <summary>
/// An office's week changing from a day on: the days before are worked as they were, the days from it on with the new
/// sessions, and a version of the reference data that changes an office's week carries the earlier weeks with it.
/// </summary>
public sealed class WorkingWeekChangeTests
{
    private static readonly TimeZoneInfo Hanoi = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    private static readonly WorkingWeek WithSaturdays = new(
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday],
        WorkingWeek.Default.Sessions,
        new Dictionary<DayOfWeek, IReadOnlyList<WorkingSession>> { [DayOfWeek.Saturday] = [WorkingSession.Parse("08:00-11:30")] });

    // Monday to Friday until Friday 2024-03-15; Saturday mornings too from Monday 2024-03-18.
    private static readonly WorkingCalendar Changed =
        new WorkingCalendar(Hanoi, WorkingWeek.Default, HolidayCalendar.None).From(new DateOnly(2024, 3, 18), WithSaturdays, HolidayCalendar.None);

    [Fact]
    public void TheDaysBeforeTheChange_KeepTheirWeek_AndTheDaysFromIt_WorkTheNewOne()
    {
        Assert.Empty(Changed.SessionsOn(new DateOnly(2024, 3, 16)));
        Assert.Equal([WorkingSession.Parse("08:00-11:30")], Changed.SessionsOn(new DateOnly(2024, 3, 23)));
        Assert.Same(WorkingWeek.Default, Changed.WeekOn(new DateOnly(2024, 3, 17)));
        Assert.Same(WithSaturdays, Changed.WeekOn(new DateOnly(2024, 3, 18)));
        Assert.Same(WithSaturdays, Changed.Week);
        Assert.Equal(new DateOnly(2024, 3, 18), Changed.WeekSince);

        // Friday afternoon to the next Monday: no Saturday before the change; Saturday's 3.5 hours after it.
        Assert.Equal(TimeSpan.FromHours(4), Changed.Between(At("2024-03-15T13:00:00+07:00"), At("2024-03-18T08:00:00+07:00")));
        Assert.Equal(TimeSpan.FromHours(7.5), Changed.Between(At("2024-03-22T13:00:00+07:00"), At("2024-03-25T08:00:00+07:00")));
        Assert.Equal(At("2024-03-23T10:00:00+07:00"), Changed.Add(At("2024-03-22T16:00:00+07:00"), TimeSpan.FromHours(3)));
    }

    [Fact]
    public void AChangeBack_JoinsTheWeekBefore_AndTheSameWeekChangesNothing()
    {
        var back = Changed.From(new DateOnly(2024, 4, 1), WorkingWeek.Default, HolidayCalendar.None);
        Assert.Same(WithSaturdays, back.WeekOn(new DateOnly(2024, 3, 30)));
        Assert.Empty(back.SessionsOn(new DateOnly(2024, 4, 6)));

        // Undone before it applied: the office has always worked its first week.
        var undone = Changed.From(new DateOnly(2024, 3, 18), WorkingWeek.Default, HolidayCalendar.None);
        Assert.Equal(DateOnly.MinValue, undone.WeekSince);
        Assert.Empty(undone.SessionsOn(new DateOnly(2024, 3, 23)));

        Assert.Equal(Changed.WeekSince, Changed.From(new DateOnly(2024, 5, 1), WithSaturdays, HolidayCalendar.None).WeekSince);
        Assert.True(WithSaturdays.SameAs(new WorkingWeek(WithSaturdays.WorkingDays, WithSaturdays.Sessions, new Dictionary<DayOfWeek, IReadOnlyList<WorkingSession>>
        {
            [DayOfWeek.Saturday] = [WorkingSession.Parse("08:00-11:30")],
        })));
        Assert.False(WithSaturdays.SameAs(WorkingWeek.Default));
    }

    [Fact]
    public async Task AVersionChangingAnOfficesWeek_KeepsItsEarlierWeekForTheDaysBefore()
    {
        var catalog = TestReferenceData.NewCatalog();
        var latest = catalog.Latest;
        var office = latest.Data.RequireOffice(TestReferenceData.District);
        var changed = office with { Calendar = new WorkingCalendar(Hanoi, WithSaturdays, latest.Data.Holidays) };
        var files = new Dictionary<string, string>(latest.Stored.Files, StringComparer.Ordinal)
        {
            [ReferenceDataLoader.OfficesFile] = OfficeEntries.With(latest.Stored.Files[ReferenceDataLoader.OfficesFile], changed),
        };
        var saved = await catalog.PublishAsync(
            latest.Number, files, At("2022-09-19T00:00:00+07:00"), new ReferenceChangeNote("qtv.gialam", At("2022-09-13T09:00:00+07:00"), "Làm việc sáng thứ Bảy", null, "Sửa đơn vị"));

        var calendar = saved.Data.RequireOffice(TestReferenceData.District).Calendar;
        Assert.Equal(new DateOnly(2022, 9, 19), calendar.WeekSince);
        Assert.Empty(calendar.SessionsOn(new DateOnly(2022, 9, 17)));
        Assert.NotEmpty(calendar.SessionsOn(new DateOnly(2022, 9, 24)));
        Assert.Equal([TestReferenceData.District], saved.Data.WeekChangedSince(latest.Data));
        Assert.Empty(latest.Data.WeekChangedSince(latest.Data));
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
