using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Wording;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CaseEngine.Tests.Api;

/// <summary>
/// Reception, clock start, due and result times through the API, each test on an engine of its own whose clock starts
/// at the reception it needs: the dossier view, the citizen's view and the slips agree.
/// </summary>
public sealed class ReceptionApiTests
{
    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);
    private static readonly Procedure FastTrack = TestReferenceData.FastTrackProcedure(OfficeLevel.District);

    private static ApiFactory EngineAt(int day, int hour, int minute) =>
        new() { Time = new FakeTimeProvider(new DateTimeOffset(2022, 9, day, hour, minute, 0, Hanoi)) };

    // Received at the district counter now, by the counter's helper: the dossier as the counter then reads it.
    private static async Task<JsonElement> ReceiveAsync(HttpClient staff) =>
        await staff.GetFromJsonAsync<JsonElement>($"/api/dossiers/{await new Web.Counter(staff).ReceiveAsync()}");

    private static async Task StepAsync(HttpClient staff, string code, string step, object body)
    {
        using var response = await staff.PostAsJsonAsync($"/api/dossiers/{code}/{step}", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static DateTimeOffset Instant(JsonElement element, string name) =>
        DateTimeOffset.Parse(element.GetProperty(name).GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task AFastTrackDossier_ReceivedTuesday1809_GetsTheStandardTimeFromWednesday_AndEveryViewShowsItInOrder()
    {
        await using var engine = EngineAt(13, 18, 9);
        using var staff = engine.CreateActingClient();
        using var citizen = engine.CreateClient();

        var view = await ReceiveAsync(staff);
        var code = view.GetProperty("code").GetString()!;
        var sla = view.GetProperty("sla");

        Assert.Equal("Standard", sla.GetProperty("rule").GetString());
        Assert.Equal("OutsideWorkingHours", sla.GetProperty("fastTrackMissed").GetString());
        Assert.Equal("2022-09-13T18:09:00+07:00", sla.GetProperty("receivedAt").GetString());
        Assert.Equal("2022-09-14T08:00:00+07:00", sla.GetProperty("clockStartedAt").GetString());
        Assert.True(Instant(sla, "dueAt") > Instant(sla, "clockStartedAt"));
        Assert.Equal(
            $"{VietnameseWords.ProcessingTime(FastTrack.ProcessingTime)} (nộp ngoài giờ làm việc ngày thứ Ba nên không kịp giải quyết nhanh trong ngày)",
            sla.GetProperty("allottedWording").GetString());

        // The citizen reads the reception as it happened, and when the working time counts from.
        var status = await citizen.GetFromJsonAsync<JsonElement>($"/api/public/dossiers/{code}?phone4=5678");
        Assert.Equal("2022-09-13T18:09:00+07:00", status.GetProperty("receivedAt").GetString());
        Assert.Equal("2022-09-14T08:00:00+07:00", status.GetProperty("countedFrom").GetString());
        Assert.True(Instant(status, "appointmentAt") > Instant(status, "countedFrom"));
        Assert.Equal(sla.GetProperty("allottedWording").GetString(), status.GetProperty("allottedWording").GetString());

        // Not fast-track: it has a receipt and appointment slip.
        var slips = await staff.GetFromJsonAsync<JsonElement>($"/api/dossiers/{code}/slips");
        Assert.Contains(slips.EnumerateArray(), s => s.GetProperty("kind").GetString() == "receipt" && s.GetProperty("available").GetBoolean());

        // Resolved the same evening, before its clock would start: the result is never shown before the reception,
        // and no clock start is shown after it.
        engine.Time.Advance(TimeSpan.FromMinutes(31));
        await StepAsync(staff, code, "forward", new { to = "cv.tckh" });
        await StepAsync(staff, code, "submit-for-signature", new { to = "pct.ubnd" });
        await StepAsync(staff, code, "approve", new { });

        status = await citizen.GetFromJsonAsync<JsonElement>($"/api/public/dossiers/{code}?phone4=5678");
        Assert.Equal("2022-09-13T18:40:00+07:00", status.GetProperty("completedAt").GetString());
        Assert.True(Instant(status, "completedAt") >= Instant(status, "receivedAt"));
        Assert.Equal(JsonValueKind.Null, status.GetProperty("countedFrom").ValueKind);
    }

    [Fact]
    public async Task AFastTrackDossier_ReceivedTuesday1000_IsDueAtNoon_WithTheRuleSetsWording_AndNoAppointmentSlip()
    {
        await using var engine = EngineAt(13, 10, 0);
        using var staff = engine.CreateActingClient();
        using var citizen = engine.CreateClient();

        var view = await ReceiveAsync(staff);
        var code = view.GetProperty("code").GetString()!;
        var sla = view.GetProperty("sla");

        Assert.Equal("FastTrack", sla.GetProperty("rule").GetString());
        Assert.Equal(JsonValueKind.Null, sla.GetProperty("fastTrackMissed").ValueKind);
        Assert.Equal("2022-09-13T10:00:00+07:00", sla.GetProperty("clockStartedAt").GetString());
        Assert.Equal("2022-09-13T12:00:00+07:00", sla.GetProperty("dueAt").GetString());
        Assert.Equal("2 giờ làm việc (giải quyết nhanh ngày thứ Ba)", sla.GetProperty("allottedWording").GetString());
        var status = await citizen.GetFromJsonAsync<JsonElement>($"/api/public/dossiers/{code}?phone4=5678");
        Assert.Equal("2022-09-13T10:00:00+07:00", status.GetProperty("receivedAt").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("countedFrom").ValueKind);
        Assert.Equal("2022-09-13T12:00:00+07:00", status.GetProperty("appointmentAt").GetString());
        Assert.Equal("2 giờ làm việc (giải quyết nhanh ngày thứ Ba)", status.GetProperty("allottedWording").GetString());

        var slips = await staff.GetFromJsonAsync<JsonElement>($"/api/dossiers/{code}/slips");
        Assert.Contains(slips.EnumerateArray(), s => s.GetProperty("kind").GetString() == "receipt" && !s.GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task AFastTrackDossier_ReceivedTuesday1501_IsTooLateForItsTwoHours()
    {
        await using var engine = EngineAt(13, 15, 1);
        using var staff = engine.CreateActingClient();

        var sla = (await ReceiveAsync(staff)).GetProperty("sla");

        Assert.Equal("Standard", sla.GetProperty("rule").GetString());
        Assert.Equal("TooLateInTheDay", sla.GetProperty("fastTrackMissed").GetString());
        Assert.Equal("2022-09-13T15:01:00+07:00", sla.GetProperty("clockStartedAt").GetString());
        Assert.Contains("nộp sau 15:00 ngày thứ Ba", sla.GetProperty("allottedWording").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewAppointment_WithoutAnOffset_IsReadInTheOfficesTime()
    {
        await using var engine = EngineAt(13, 9, 0);
        using var staff = engine.CreateActingClient();
        var code = (await ReceiveAsync(staff)).GetProperty("code").GetString()!;
        engine.Time.Advance(TimeSpan.FromMinutes(95)); // 10:35, nearly late

        using var response = await staff.PostAsJsonAsync($"/api/dossiers/{code}/apology", new { reason = "Cần xác minh thêm", newAppointment = "2022-09-13T16:00" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2022-09-13T16:00:00+07:00", view.GetProperty("appointmentAt").GetString());
    }
}
