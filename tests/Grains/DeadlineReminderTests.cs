using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.ReadSide;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CaseEngine.Tests.Grains;

/// <summary>Deadline reminders fire as a <c>FakeTimeProvider</c> moves through a fast-track Tuesday.</summary>
public sealed class DeadlineReminderTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);

    private async Task<IDossierGrain> OpenFastTrackAsync(string officeCode)
    {
        var code = await fixture.Grains.GetGrain<IOfficeGrain>(officeCode).IssueDossierCodeAsync();
        var grain = fixture.Grains.GetGrain<IDossierGrain>(code);
        var procedure = TestReferenceData.FastTrackProcedure(OfficeLevel.District);
        await grain.OpenAsync(new OpenDossier
        {
            Consent = ConsentMethod.Signature,
            OfficeCode = officeCode,
            ProcedureCode = procedure.Code,
            Applicant = new Applicant { FullName = "Trần Văn Cường" },
            Form = SampleForm.For(procedure),
            Actor = "cb.tiepnhan",
        });
        return grain;
    }

    private static Task<IReadOnlyList<HistoryEntry>> HistoryWithAsync(IDossierGrain grain, StepKind kind) =>
        Eventually.GetAsync(grain.GetHistoryAsync, h => h.Any(e => e.Kind == kind));

    private async Task<IReadOnlyList<ReminderEntry>> RemindersOfAsync(IDossierGrain grain)
    {
        var table = fixture.Cluster.Silos[0].SiloHost.Services.GetRequiredService<IReminderTable>();
        return [.. (await table.ReadRows(grain.GetGrainId())).Reminders];
    }

    private void MoveTo(int day, int hour, int minute) =>
        fixture.Time.SetUtcNow(new DateTimeOffset(2022, 9, day, hour, minute, 0, Hanoi));

    [Fact]
    public async Task Reminders_FireNearlyLateDueAndOverdue_PauseAndApology()
    {
        // Received 09:00 with 120 working minutes: nearly late 10:30, due 11:00, overdue 11:00 + 240 = 16:00.
        var late = await OpenFastTrackAsync(TestReferenceData.District);
        var paused = await OpenFastTrackAsync(TestReferenceData.District);
        MoveTo(13, 9, 30);
        await paused.ActAsync(new DossierCommand { Action = DossierAction.RequestSupplement, Actor = "cc.tuphap", Note = "Thiếu bản sao" });

        MoveTo(13, 10, 31);
        var history = await HistoryWithAsync(late, StepKind.Of(DeadlineEvent.NearlyLate));
        Assert.Equal(new DateTimeOffset(2022, 9, 13, 10, 30, 0, Hanoi), history.Single(h => h.Kind == StepKind.Of(DeadlineEvent.NearlyLate)).At);
        Assert.Equal(Bucket.NearlyLate, (await late.GetAsync())!.Bucket);

        MoveTo(13, 11, 1);
        history = await HistoryWithAsync(late, StepKind.Of(DeadlineEvent.Due));
        Assert.Contains("xin lỗi", history.Single(h => h.Kind == StepKind.Of(DeadlineEvent.Due)).Note, StringComparison.Ordinal);
        var view = (await late.GetAsync())!;
        Assert.Equal(Bucket.Late, view.Bucket);
        Assert.True(view.ApologyRequired);
        var board = await fixture.Index.ListAsync(TestReferenceData.District, new DossierFilter(Bucket: Bucket.Late), fixture.Time.GetUtcNow());
        Assert.Contains(board, e => e.Code == view.Code);

        MoveTo(13, 16, 1);
        history = await HistoryWithAsync(late, StepKind.Of(DeadlineEvent.Overdue));
        Assert.Equal(1, history.Count(h => h.Kind == StepKind.Of(DeadlineEvent.NearlyLate)));
        Assert.Equal(1, history.Count(h => h.Kind == StepKind.Of(DeadlineEvent.Due)));

        // The paused dossier fired nothing while it waited for the citizen.
        Assert.DoesNotContain(await paused.GetHistoryAsync(), h => h.Kind.Type == StepType.Deadline);

        // Resubmitted Wednesday 09:00: 450 working minutes waited, so due moves from Tuesday 11:00 to Wednesday 10:30.
        MoveTo(14, 9, 0);
        var resumed = await paused.ActAsync(new DossierCommand { Action = DossierAction.ResubmitSupplement, Actor = "cb.tiepnhan" });
        Assert.Equal(new DateTimeOffset(2022, 9, 14, 10, 30, 0, Hanoi), resumed.Sla!.DueAt);
        Assert.Equal(450, resumed.WaitingMinutes);
        MoveTo(14, 10, 31);
        history = await HistoryWithAsync(paused, StepKind.Of(DeadlineEvent.Due));
        Assert.Equal(new DateTimeOffset(2022, 9, 14, 10, 30, 0, Hanoi), history.Single(h => h.Kind == StepKind.Of(DeadlineEvent.Due)).At);

        // The late one gets its apology and a new appointment, Wednesday 14:00; the reminder is re-armed for it.
        var apologised = await late.ActAsync(new DossierCommand
        {
            Action = DossierAction.IssueApology,
            Actor = "cb.tiepnhan",
            Note = "Cần xác minh thêm",
            NewAppointment = new DateTimeOffset(2022, 9, 14, 14, 0, 0, Hanoi),
        });
        Assert.False(apologised.ApologyRequired);
        Assert.Equal(new DateTimeOffset(2022, 9, 14, 14, 0, 0, Hanoi), apologised.AppointmentAt);
        MoveTo(14, 14, 1);
        await HistoryWithAsync(late, StepKind.Of(DeadlineEvent.Due, generation: 1));
        await Assert.ThrowsAsync<RuleViolationException>(() => late.ActAsync(new DossierCommand
        {
            Action = DossierAction.IssueApology,
            Actor = "cb.tiepnhan",
            Note = "Lần hai",
            NewAppointment = new DateTimeOffset(2022, 9, 15, 14, 0, 0, Hanoi),
        }));
    }

    [Fact]
    public async Task Reminder_RemovedWhenTheClockStops_AndStaysAwayAfterwards()
    {
        var dossier = await OpenFastTrackAsync(TestReferenceData.District);
        Assert.Single(await RemindersOfAsync(dossier));

        await dossier.ActAsync(new DossierCommand { Action = DossierAction.Forward, Actor = "cb.tiepnhan", To = "cc.tuphap" });
        await dossier.ActAsync(new DossierCommand { Action = DossierAction.SubmitForSignature, Actor = "cc.tuphap", To = "ld.ubnd" });
        Assert.Single(await RemindersOfAsync(dossier));

        await dossier.ActAsync(new DossierCommand { Action = DossierAction.ApproveResult, Actor = "ld.ubnd" });
        Assert.Empty(await RemindersOfAsync(dossier));

        var returned = await dossier.ActAsync(new DossierCommand { Action = DossierAction.ReturnResult, Actor = "cb.tiepnhan" });
        Assert.Equal(DossierStatus.Returned, returned.Status);
        Assert.Empty(await RemindersOfAsync(dossier));
    }
}
