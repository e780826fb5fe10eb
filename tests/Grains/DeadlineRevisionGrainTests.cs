using CaseEngine.Contracts;
using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Wording;
using CaseEngine.ReadSide;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Grains;

/// <summary>
/// A dossier due across a newly added day off: the grain previews the move under the candidate calendar, revises its
/// deadline once the reference data changed, and its reminder fires at the new instant.
/// </summary>
public sealed class DeadlineRevisionGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private const string Reason = "Bổ sung ngày nghỉ 14/09/2022 theo thông báo của Bộ Nội vụ";

    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);

    // The day after the dossier is received, inside its window of working days.
    private static readonly DateOnly NewDayOff = new(2022, 9, 14);

    private Task<IDossierGrain> OpenStandardAsync() => ReferenceRevisionTesting.OpenStandardAsync(fixture);

    private Task<IReadOnlyList<ReminderEntry>> RemindersOfAsync(IDossierGrain grain) => ReferenceRevisionTesting.RemindersOfAsync(fixture, grain);

    [Fact]
    public async Task DayOffAdded_PreviewListsTheMove_ReviseMovesTheDeadline_AndTheReminderFiresAtTheNewTime()
    {
        fixture.Time.SetUtcNow(TestReferenceData.FastTrackTuesday);
        var grain = await OpenStandardAsync();
        var opened = (await grain.GetAsync())!;
        var shipped = TestReferenceData.Shipped.Holidays.ToSchedule();
        var candidate = shipped with { DaysOff = [.. shipped.DaysOff, new NamedDay(NewDayOff, "Ngày nghỉ bổ sung")] };
        var context = TestReferenceData.Shipped.ContextFor(opened.OfficeCode, opened.ProcedureCode).WithHolidays(candidate.ToCalendar());
        var procedure = TestReferenceData.StandardDaysProcedure(OfficeLevel.District);
        var expectedDue = procedure.ProcessingTime.DueFrom(context.Calendar, TestReferenceData.FastTrackTuesday);
        var expectedNearlyLate = SlaPolicy.DeadlineBetween(context, TestReferenceData.FastTrackTuesday, expectedDue).NearlyLateAt;
        Assert.Equal(context.Calendar.Week.DayLength, context.Calendar.Between(opened.Sla!.DueAt, expectedDue));
        Assert.True(expectedNearlyLate > opened.Sla.NearlyLateAt);

        // The preview under the candidate writes nothing and lists the move.
        var preview = await grain.PreviewHolidaysAsync(candidate);
        Assert.Equal(new DeadlineShift(opened.Code, opened.OfficeCode, opened.ProcedureCode, opened.Sla.DueAt, expectedDue, false, false), preview);
        Assert.Null(await grain.PreviewHolidaysAsync(shipped));
        Assert.Equal(opened.Sla, (await grain.GetAsync())!.Sla);

        // Under the reference data in force nothing moves yet.
        Assert.Null(await grain.ReviseDeadlineAsync(new ReviseDeadline("qtv.gialam", Reason, "revise-0", null)));

        // The calendar changes; the grain reads the version in force at each call.
        await fixture.UseHolidaysAsync(candidate);
        try
        {
            var audit = new AuditContext("Administrator", TestReferenceData.District, "10.0.0.9");
            var shift = await grain.ReviseDeadlineAsync(new ReviseDeadline("qtv.gialam", Reason, "revise-1", audit));

            Assert.Equal(preview, shift);
            var view = (await grain.GetAsync())!;
            Assert.Equal(expectedDue, view.Sla!.DueAt);
            Assert.Equal(expectedDue, view.AppointmentAt);
            Assert.Equal(expectedNearlyLate, view.Sla.NearlyLateAt);
            var history = await grain.GetHistoryAsync();
            var last = history[^1];
            Assert.Equal(StepKind.Revised, last.Kind);
            Assert.Equal("Điều chỉnh hạn giải quyết theo lịch làm việc mới", last.Name);
            Assert.Equal(
                $"Hạn trả kết quả chuyển từ {Words(opened.Sla.DueAt)} sang {Words(expectedDue)}: {Reason}",
                last.Note);
            Assert.Equal(("qtv.gialam", "Administrator"), (last.Actor, last.ActorRole));

            // A retry is a replay: nothing more is written.
            Assert.Null(await grain.ReviseDeadlineAsync(new ReviseDeadline("qtv.gialam", Reason, "revise-1", audit)));
            Assert.Equal(history.Count, (await grain.GetHistoryAsync()).Count);

            // The read side has the new due time.
            var row = await Eventually.GetAsync(
                () => fixture.Index.ListAsync(TestReferenceData.District, new DossierFilter(), fixture.Time.GetUtcNow()),
                rows => rows.Any(r => r.Code == opened.Code && r.Deadline?.DueAt == expectedDue));
            Assert.Equal(expectedNearlyLate, row.Single(r => r.Code == opened.Code).Deadline!.NearlyLateAt);

            // The reminder is armed for the new nearly-late instant and fires there, once.
            var reminder = Assert.Single(await RemindersOfAsync(grain));
            Assert.Equal(expectedNearlyLate.UtcDateTime, reminder.StartAt);
            fixture.Time.SetUtcNow(opened.Sla.NearlyLateAt.AddMinutes(1));
            Assert.Equal(Bucket.NotYetDue, (await grain.GetAsync())!.Bucket);
            fixture.Time.SetUtcNow(expectedNearlyLate.AddMinutes(1));
            history = await Eventually.GetAsync(grain.GetHistoryAsync, h => h.Any(e => e.Kind == StepKind.Of(DeadlineEvent.NearlyLate)));
            Assert.Equal(expectedNearlyLate, history.Single(e => e.Kind == StepKind.Of(DeadlineEvent.NearlyLate)).At);
            Assert.Equal(Bucket.NearlyLate, (await grain.GetAsync())!.Bucket);
        }
        finally
        {
            await fixture.UseHolidaysAsync(TestReferenceData.Shipped.Holidays.ToSchedule());
        }
    }

    [Fact]
    public async Task Preview_OfADossierThatDoesNotExist_IsNull()
    {
        var code = await fixture.Grains.GetGrain<IOfficeGrain>(TestReferenceData.District).IssueDossierCodeAsync();

        Assert.Null(await fixture.Grains.GetGrain<IDossierGrain>(code).PreviewHolidaysAsync(TestReferenceData.Shipped.Holidays.ToSchedule()));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            fixture.Grains.GetGrain<IDossierGrain>(code).ReviseDeadlineAsync(new ReviseDeadline("qtv.gialam", Reason, "k", null)));
    }

    private static string Words(DateTimeOffset instant) => VietnameseWords.DateTime(instant.ToOffset(Hanoi));
}
