using System.Globalization;
using CaseEngine.Contracts;
using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Grains.Reference;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CaseEngine.Tests.Grains;

/// <summary>
/// An office's new week saved for a later instant: nothing moves before it; when it comes into force, the version's
/// revisions grain counts the office's open dossiers again, each timeline says why, and its reminder goes.
/// </summary>
public sealed class ReferenceRevisionGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly TimeZoneInfo Hanoi = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    private static readonly WorkingWeek WithSaturdays = new(
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday],
        WorkingWeek.Default.Sessions,
        new Dictionary<DayOfWeek, IReadOnlyList<WorkingSession>> { [DayOfWeek.Saturday] = [WorkingSession.Parse("08:00-11:30")] });

    [Fact]
    public async Task AnOfficesNewWeekSavedForLater_RevisesItsOpenDossiersWhenItComesIntoForce()
    {
        fixture.Time.SetUtcNow(TestReferenceData.FastTrackTuesday);
        var dossier = await ReferenceRevisionTesting.OpenStandardAsync(fixture);
        var opened = (await dossier.GetAsync())!;

        var effective = At("2022-09-13T12:00:00+07:00");
        var latest = fixture.Reference.Latest;
        var office = latest.Data.RequireOffice(TestReferenceData.District);
        var files = new Dictionary<string, string>(latest.Stored.Files, StringComparer.Ordinal)
        {
            [ReferenceDataLoader.OfficesFile] = OfficeEntries.With(
                latest.Stored.Files[ReferenceDataLoader.OfficesFile], office with { Calendar = new WorkingCalendar(Hanoi, WithSaturdays, latest.Data.Holidays) }),
        };
        var note = new ReferenceChangeNote("qtv.gialam", fixture.Time.GetUtcNow(), "Làm việc sáng thứ Bảy", "Quyết định 12/QĐ-UBND", "Sửa đơn vị 018: giờ làm việc");
        var saved = await fixture.Reference.PublishAsync(latest.Number, files, effective, note);
        var calendar = saved.Data.RequireOffice(TestReferenceData.District).Calendar;
        var expectedDue = TestReferenceData.StandardDaysProcedure(OfficeLevel.District).ProcessingTime.DueFrom(calendar, opened.Sla!.ClockStartedAt);
        Assert.True(expectedDue < opened.Sla.DueAt, "A Saturday morning worked inside the dossier's window brings its due time earlier.");

        var revisions = fixture.Grains.GetGrain<IReferenceRevisionGrain>(saved.Number);
        var audit = new AuditContext("Administrator", TestReferenceData.District, "10.0.0.9");
        await revisions.ScheduleAsync(new RevisionPlan([TestReferenceData.District], calendar.StartOf(calendar.WeekSince), null, audit));
        Assert.Equal((saved.Number, true, 0, effective, 0, 0), ReferenceRevisionTesting.Facts(await revisions.ProgressAsync()));

        // Before the instant nothing moves.
        fixture.Time.SetUtcNow(effective.AddMinutes(-30));
        Assert.Equal(opened.Sla, (await dossier.GetAsync())!.Sla);

        fixture.Time.SetUtcNow(effective.AddMinutes(1));
        var view = await Eventually.GetAsync(dossier.GetAsync, v => v!.Sla!.DueAt == expectedDue);
        Assert.Equal(expectedDue, view!.Sla!.DueAt);
        var revised = (await dossier.GetHistoryAsync())[^1];
        Assert.Equal(StepKind.Revised, revised.Kind);
        Assert.Equal(("qtv.gialam", "Administrator"), (revised.Actor, revised.ActorRole));
        Assert.EndsWith("Sửa đơn vị 018: giờ làm việc (Quyết định 12/QĐ-UBND)", revised.Note, StringComparison.Ordinal);

        var progress = await Eventually.GetAsync(revisions.ProgressAsync, p => !p.Waiting);
        Assert.Equal((saved.Number, false, 1, (DateTimeOffset?)null, 1, 0), ReferenceRevisionTesting.Facts(progress));
        await Eventually.GetAsync(() => ReferenceRevisionTesting.RemindersOfAsync(fixture, revisions), r => r.Count == 0);
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}

/// <summary>Dossiers a revision cannot reach are tried again after 1, 2, 4 … minutes, and listed with why.</summary>
public sealed class ReferenceRevisionRetryTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task ADossierThatFails_IsTriedAgainWithLongerWaits_AndListedWithWhy()
    {
        fixture.Time.SetUtcNow(TestReferenceData.FastTrackTuesday);
        var start = fixture.Time.GetUtcNow();
        var revisions = fixture.Grains.GetGrain<IReferenceRevisionGrain>(fixture.Reference.Latest.Number);
        await revisions.ScheduleAsync(new RevisionPlan(null, DateTimeOffset.MinValue, ["018-missing"], null));
        Assert.Equal((1, true, 0, start.AddMinutes(1), 0, 0), ReferenceRevisionTesting.Facts(await revisions.ProgressAsync()));

        fixture.Time.SetUtcNow(start.AddMinutes(1));
        var first = await Eventually.GetAsync(revisions.ProgressAsync, p => p.Attempts == 1);
        var failure = Assert.Single(first.Failures);
        Assert.Equal("018-missing", failure.Code);
        Assert.Equal("Chưa tính lại được hạn của hồ sơ 018-missing: Không có hồ sơ '018-missing'.", failure.Detail);
        Assert.True(first.Waiting);
        Assert.Equal(start.AddMinutes(2), first.NextAttemptAt);

        fixture.Time.SetUtcNow(start.AddMinutes(2));
        var second = await Eventually.GetAsync(revisions.ProgressAsync, p => p.Attempts == 2);
        Assert.Equal(start.AddMinutes(4), second.NextAttemptAt);

        // A tick before the next attempt is due tries nothing.
        fixture.Time.SetUtcNow(start.AddMinutes(3));
        Assert.Single(await ReferenceRevisionTesting.RemindersOfAsync(fixture, revisions));
        Assert.Equal(2, (await revisions.ProgressAsync()).Attempts);
    }
}

internal static class ReferenceRevisionTesting
{
    public static (int Version, bool Waiting, int Attempts, DateTimeOffset? NextAttemptAt, int Revised, int Failures) Facts(RevisionProgress p) =>
        (p.Version, p.Waiting, p.Attempts, p.NextAttemptAt, p.Revised, p.Failures.Count);

    public static async Task<IDossierGrain> OpenStandardAsync(ClusterFixture fixture)
    {
        var code = await fixture.Grains.GetGrain<IOfficeGrain>(TestReferenceData.District).IssueDossierCodeAsync();
        var grain = fixture.Grains.GetGrain<IDossierGrain>(code);
        var procedure = TestReferenceData.StandardDaysProcedure(OfficeLevel.District);
        await grain.OpenAsync(new OpenDossier
        {
            Consent = ConsentMethod.Signature,
            OfficeCode = TestReferenceData.District,
            ProcedureCode = procedure.Code,
            Applicant = new Applicant { FullName = "Lê Thị Hoa" },
            Form = SampleForm.For(procedure),
            Actor = "cb.tiepnhan",
        });
        return grain;
    }

    public static async Task<IReadOnlyList<ReminderEntry>> RemindersOfAsync(ClusterFixture fixture, IGrain grain)
    {
        var table = fixture.Cluster.Silos[0].SiloHost.Services.GetRequiredService<IReminderTable>();
        return [.. (await table.ReadRows(grain.GetGrainId())).Reminders];
    }
}
