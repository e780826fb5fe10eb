using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CaseEngine.Tests.Support;

/// <summary>
/// The two portals' update APIs on a real Kestrel server on loopback: the national portal's CapNhatTienDoHoSoMC (basic
/// authentication, <c>IdCapNhat</c>) and the city portal's capnhat-trangthai (API key, <c>maCapNhat</c>). Each update is
/// applied once per idempotency key, as a careful portal does. It can be down (503), slow, refuse a dossier's updates
/// (400), or apply an update and then fail to answer (500), so a test can watch the engine cope.
/// </summary>
public sealed class PortalSimulator : IAsyncDisposable
{
    public const string NationalUser = "gialam", NationalPassword = "mat-khau-thu", CityApiKey = "khoa-thu-nghiem";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte> _applied = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<AppliedUpdate> _updates = new();
    private int _requests;
    private int _failAfterApplying;

    private PortalSimulator(WebApplication app) => _app = app;

    /// <summary>One update as the portal applied it.</summary>
    /// <param name="Portal">national or city.</param>
    /// <param name="PortalDossierId">The portal's dossier id.</param>
    /// <param name="Status">The national status code sent.</param>
    /// <param name="Key">The update's idempotency key.</param>
    /// <param name="Body">The whole body, for checking the format.</param>
    public sealed record AppliedUpdate(string Portal, string PortalDossierId, int Status, string Key, JsonElement Body);

    /// <summary>The base address to configure for the engine.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>While true, every update gets 503.</summary>
    public bool Down { get; set; }

    /// <summary>How long each answer waits after the update is applied.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Portal dossier ids whose updates are refused with 400.</summary>
    public ConcurrentDictionary<string, byte> Refused { get; } = new(StringComparer.Ordinal);

    /// <summary>How many update requests arrived, duplicates and failures included.</summary>
    public int Requests => _requests;

    /// <summary>Every update applied, in the order applied, each key once.</summary>
    public IReadOnlyList<AppliedUpdate> Applied => [.. _updates];

    /// <summary>The statuses applied to one dossier, in order.</summary>
    public IReadOnlyList<int> StatusesOf(string portalDossierId) => [.. _updates.Where(u => u.PortalDossierId == portalDossierId).Select(u => u.Status)];

    /// <summary>The next <paramref name="count"/> updates are applied, then answered with 500 as if the answer was lost.</summary>
    public void FailAfterApplying(int count) => Interlocked.Exchange(ref _failAfterApplying, count);

    public static async Task<PortalSimulator> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var simulator = new PortalSimulator(app);
        app.MapPost("/CapNhatTienDoHoSoMC", context => simulator.HandleAsync(context, "national"));
        app.MapPost("/api/hoso/capnhat-trangthai", context => simulator.HandleAsync(context, "city"));
        await app.StartAsync();
        simulator.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return simulator;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context, string portal)
    {
        Interlocked.Increment(ref _requests);
        if (Down)
        {
            await AnswerAsync(context, HttpStatusCode.ServiceUnavailable, "Hệ thống đang bảo trì");
            return;
        }

        var authorised = portal == "national"
            ? context.Request.Headers.Authorization.ToString() == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{NationalUser}:{NationalPassword}"))
            : context.Request.Headers["X-API-Key"].ToString() == CityApiKey;
        if (!authorised)
        {
            await AnswerAsync(context, HttpStatusCode.Unauthorized, "Sai thông tin xác thực");
            return;
        }

        var body = (await JsonDocument.ParseAsync(context.Request.Body)).RootElement.Clone();
        var (id, key, status) = portal == "national"
            ? (body.GetProperty("MaHoSo").GetString()!, body.GetProperty("IdCapNhat").GetString()!, int.Parse(body.GetProperty("TrangThaiHoSo").GetString()!, System.Globalization.CultureInfo.InvariantCulture))
            : (body.GetProperty("soHoSo").GetString()!, body.GetProperty("maCapNhat").GetString()!, body.GetProperty("trangThai").GetInt32());
        if (Refused.ContainsKey(id))
        {
            await AnswerAsync(context, HttpStatusCode.BadRequest, $"Hồ sơ {id} không tồn tại trên cổng");
            return;
        }

        if (_applied.TryAdd(key, 0))
        {
            _updates.Enqueue(new AppliedUpdate(portal, id, status, key, body));
        }

        // A slow portal does the work, then takes its time to answer.
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        if (Interlocked.Decrement(ref _failAfterApplying) >= 0)
        {
            await AnswerAsync(context, HttpStatusCode.InternalServerError, "Lỗi hệ thống");
            return;
        }

        await AnswerAsync(context, HttpStatusCode.OK, "Cập nhật thành công");
    }

    private static async Task AnswerAsync(HttpContext context, HttpStatusCode status, string message)
    {
        context.Response.StatusCode = (int)status;
        await context.Response.WriteAsJsonAsync(new { error_code = status == HttpStatusCode.OK ? "0" : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), message });
    }
}
