using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Portals;
using CaseEngine.Tests.Api;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CaseEngine.Tests.Durable;

/// <summary>
/// A portal dossier's status changes reach its portal through the outbox on PostgreSQL: every one, in order, once,
/// through a portal outage, an engine restart and a lost answer; a refused update waits for an administrator.
/// The portals are <see cref="PortalSimulator"/> on a real HTTP server; the engine runs with a fake clock.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class PortalDeliveryTests
{
    private static string NewId() => $"000.00.18.H29-220913-{Random.Shared.Next(100_000, 999_999)}";

    private static Task<int> DispatchAsync(ApiFactory engine, Channel portal) =>
        engine.Services.GetRequiredService<IGrainFactory>().GetGrain<IPortalDispatcherGrain>(portal.ToString()).DispatchAsync();

    private static async Task<string> SubmitNationalAsync(ApiFactory engine, string id)
    {
        using var response = await engine.CreateClient().As(PortalPayloads.NationalClient).PostAsJsonAsync("/api/portals/national/dossiers", PortalPayloads.National(id));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private static async Task StepAsync(ApiFactory engine, string code, string step, object? body = null)
    {
        using var response = await engine.CreateActingClient().PostAsJsonAsync($"/api/dossiers/{code}/{step}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {await response.Content.ReadAsStringAsync()}");
    }

    private static Task<IReadOnlyList<int>> StatusesAsync(PortalSimulator portal, string id, params int[] expected) =>
        Eventually.GetAsync(() => Task.FromResult(portal.StatusesOf(id)), statuses => statuses.SequenceEqual(expected));

    [Fact]
    public async Task APortalDossiersWholeLife_ReachesThePortal_EveryStatusInOrderOnce_ThroughAnOutageARestartAndALostAnswer()
    {
        await using var portal = await PortalSimulator.StartAsync();
        await using var database = await TestDatabase.CreateAsync("portal_life");
        var time = new FakeTimeProvider(TestReferenceData.FastTrackTuesday);
        var settings = PortalPayloads.SettingsFor(portal);
        var id = NewId();
        string code;

        await using (var engine = new ApiFactory { ConnectionString = database.ConnectionString, Time = time, Settings = settings })
        {
            code = await SubmitNationalAsync(engine, id);
            await StepAsync(engine, code, "receive");
            await StatusesAsync(portal, id, 2);

            // The portal goes down: the steps go on, their updates wait.
            portal.Down = true;
            await StepAsync(engine, code, "forward", new { to = "cv.tuphap" });
            await StepAsync(engine, code, "submit-for-signature", new { to = "ld.ubnd" });
            var waiting = await Eventually.GetAsync(
                () => engine.Services.GetRequiredService<IPortalOutbox>().CountAsync(Channel.NationalPortal),
                counts => counts.Pending == 2 && portal.Requests >= 2);
            Assert.Equal(0, waiting.Dead);
        }

        // The engine restarts while the portal is still down; then the portal comes back.
        await using (var engine = new ApiFactory { ConnectionString = database.ConnectionString, Time = time, Settings = settings })
        {
            await DispatchAsync(engine, Channel.NationalPortal);
            Assert.Equal([2], portal.StatusesOf(id));
            portal.Down = false;
            time.Advance(TimeSpan.FromMinutes(5));
            await DispatchAsync(engine, Channel.NationalPortal); // the reminder may have been first: either delivers
            await StatusesAsync(portal, id, 2, 4, 4);

            // The portal applies the signature's update but its answer is lost: the engine sends it again.
            portal.FailAfterApplying(1);
            await StepAsync(engine, code, "approve");
            await Eventually.GetAsync(
                () => engine.Services.GetRequiredService<IPortalOutbox>().DueAsync(Channel.NationalPortal, DateTimeOffset.MaxValue, 10),
                due => due.Count == 1 && due[0].Attempts == 1);
            time.Advance(TimeSpan.FromMinutes(5));
            await DispatchAsync(engine, Channel.NationalPortal);
            await StepAsync(engine, code, "return");

            await StatusesAsync(portal, id, 2, 4, 4, 9, 10);
            var counts = await engine.Services.GetRequiredService<IPortalOutbox>().CountAsync(Channel.NationalPortal);
            Assert.Equal(0, counts.Pending);
        }

        var applied = portal.Applied.Where(u => u.PortalDossierId == id).ToList();
        Assert.Equal(applied.Count, applied.Select(u => u.Key).Distinct().Count());
        Assert.Equal([$"{code}/2", $"{code}/3", $"{code}/4", $"{code}/5", $"{code}/6"], applied.Select(u => u.Key));
        Assert.True(portal.Requests > applied.Count + 1, $"{portal.Requests} requests for {applied.Count} updates");
        var returned = applied[^1].Body;
        Assert.Equal("10", returned.GetProperty("TrangThaiHoSo").GetString());
        Assert.Equal(code, returned.GetProperty("MaHoSoMotCua").GetString());
        Assert.Matches(@"^\d{14}$", returned.GetProperty("NgayTra").GetString()!);
        Assert.Matches(@"^\d{14}$", applied[0].Body.GetProperty("NgayHenTra").GetString()!);
        Assert.Equal("cv.tuphap", applied[1].Body.GetProperty("CanBoXuLy").GetString());
    }

    [Fact]
    public async Task ARefusedUpdate_WaitsForAnAdministrator_AndHoldsBackItsDossiersLaterOnes()
    {
        await using var portal = await PortalSimulator.StartAsync();
        await using var database = await TestDatabase.CreateAsync("portal_dead");
        await using var engine = new ApiFactory
        {
            ConnectionString = database.ConnectionString,
            Time = new FakeTimeProvider(TestReferenceData.FastTrackTuesday),
            Settings = PortalPayloads.SettingsFor(portal),
        };
        var admin = engine.CreateClientAs(Role.Administrator, TestReferenceData.District, districtWide: true);
        var id = NewId();
        var code = await SubmitNationalAsync(engine, id);
        portal.Refused[id] = 0;

        await StepAsync(engine, code, "receive");
        var refused = await Eventually.GetAsync(
            () => admin.GetFromJsonAsync<JsonElement>("/api/portals/national/outbox"), outbox => outbox.GetProperty("dead").GetInt32() == 1);
        await StepAsync(engine, code, "forward", new { to = "cv.tuphap" });
        await DispatchAsync(engine, Channel.NationalPortal);
        var held = await admin.GetFromJsonAsync<JsonElement>("/api/portals/national/outbox");

        var update = refused.GetProperty("refused")[0];
        Assert.Equal(code, update.GetProperty("dossierCode").GetString());
        Assert.Equal("Receive", update.GetProperty("kind").GetString());
        Assert.Equal("2022-09-13T09:00:00+07:00", update.GetProperty("at").GetString());
        Assert.Contains("400", update.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Contains("không tồn tại", update.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, held.GetProperty("pending").GetInt32());
        Assert.Empty(portal.StatusesOf(id));

        portal.Refused.Clear();
        using var retried = await admin.PostAsync($"/api/portals/national/outbox/{update.GetProperty("id").GetInt64()}/retry", null);
        using var again = await admin.PostAsync($"/api/portals/national/outbox/{update.GetProperty("id").GetInt64()}/retry", null);

        Assert.Equal(HttpStatusCode.NoContent, retried.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        await StatusesAsync(portal, id, 2, 4);

        // The portal has the update before the dispatcher marks it delivered.
        var outbox = await Eventually.GetAsync(
            () => admin.GetFromJsonAsync<JsonElement>("/api/portals/national/outbox"), o => o.GetProperty("pending").GetInt32() == 0);
        Assert.Equal(0, outbox.GetProperty("dead").GetInt32());
    }

    [Fact]
    public async Task TheCityPortal_GetsItsUpdatesInItsOwnFormat()
    {
        await using var portal = await PortalSimulator.StartAsync();
        await using var database = await TestDatabase.CreateAsync("portal_city");
        await using var engine = new ApiFactory
        {
            ConnectionString = database.ConnectionString,
            Time = new FakeTimeProvider(TestReferenceData.FastTrackTuesday),
            Settings = PortalPayloads.SettingsFor(portal),
        };
        var id = $"HN-{Guid.NewGuid():N}"[..20];
        using var submitted = await engine.CreateClient().As(PortalPayloads.CityClient).PostAsJsonAsync("/api/portals/city/dossiers", PortalPayloads.City(id));
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

        await StepAsync(engine, code, "refuse", new { reason = "Hồ sơ thuộc thẩm quyền cấp xã" });

        await StatusesAsync(portal, id, 3);
        var update = portal.Applied.Single(u => u.PortalDossierId == id);
        Assert.Equal("city", update.Portal);
        Assert.Equal(3, update.Body.GetProperty("trangThai").GetInt32());
        Assert.Equal("13/09/2022 09:00:00", update.Body.GetProperty("thoiGian").GetString());
        Assert.Equal("Hồ sơ thuộc thẩm quyền cấp xã", update.Body.GetProperty("ghiChu").GetString());
        Assert.Equal($"{code}/2", update.Body.GetProperty("maCapNhat").GetString());
    }

    [Fact]
    public async Task ASlowPortal_CountsAsFailed_AndTheUpdateItAppliedLateIsNotAppliedTwice()
    {
        await using var portal = await PortalSimulator.StartAsync();
        await using var database = await TestDatabase.CreateAsync("portal_slow");
        var time = new FakeTimeProvider(TestReferenceData.FastTrackTuesday);
        var settings = PortalPayloads.SettingsFor(portal);
        settings["CaseEngine:Portals:TimeoutSeconds"] = "0.5";
        await using var engine = new ApiFactory { ConnectionString = database.ConnectionString, Time = time, Settings = settings };
        var id = NewId();
        var code = await SubmitNationalAsync(engine, id);
        portal.Delay = TimeSpan.FromSeconds(1.5);

        await StepAsync(engine, code, "receive");
        var failed = await Eventually.GetAsync(
            () => engine.Services.GetRequiredService<IPortalOutbox>().DueAsync(Channel.NationalPortal, DateTimeOffset.MaxValue, 10),
            due => due.Count == 1 && due[0].Attempts == 1);
        await StatusesAsync(portal, id, 2); // the portal finished applying it after the engine gave up waiting
        portal.Delay = TimeSpan.Zero;
        time.Advance(TimeSpan.FromMinutes(5));
        await DispatchAsync(engine, Channel.NationalPortal);

        Assert.Contains("Timeout", failed[0].LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([2], portal.StatusesOf(id));
        Assert.Equal(0, (await engine.Services.GetRequiredService<IPortalOutbox>().CountAsync(Channel.NationalPortal)).Pending);
        Assert.True(portal.Requests >= 2);
    }

    [Fact]
    public async Task ACounterDossier_PutsNothingInTheOutbox()
    {
        await using var database = await TestDatabase.CreateAsync("portal_counter");
        await using var engine = new ApiFactory { ConnectionString = database.ConnectionString, Time = new FakeTimeProvider(TestReferenceData.FastTrackTuesday) };
        using var created = await engine.CreateActingClient().PostAsJsonAsync($"/api/offices/{TestReferenceData.District}/dossiers", new
        {
            procedureCode = PortalPayloads.Procedure.Code,
            applicant = new { fullName = "Đỗ Văn Giang", phone = "0900000001", citizenId = "001085012345", address = "Trâu Quỳ, Gia Lâm" },
            consent = "Signature",
            form = SampleForm.For(PortalPayloads.Procedure),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM dossier_index"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM portal_outbox"));
    }
}
