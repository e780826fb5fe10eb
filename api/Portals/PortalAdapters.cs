using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Validation;
using CaseEngine.Portals;
using Microsoft.Extensions.Options;

namespace CaseEngine.Api.Portals;

/// <summary>An online dossier as the engine understands it, read from a portal's own format; not yet checked.</summary>
/// <param name="PortalDossierId">The portal's id of the dossier (MaHoSo).</param>
/// <param name="ProcedureCode">The procedure's national code.</param>
/// <param name="OfficeCode">The office that handles it.</param>
/// <param name="Applicant">The applicant, as the citizen entered them on the portal.</param>
/// <param name="SubmittedAt">When it was submitted on the portal.</param>
/// <param name="Form">The declaration form, by the procedure's field names.</param>
internal sealed record OnlineSubmission(
    string? PortalDossierId,
    string? ProcedureCode,
    string? OfficeCode,
    ApplicantEntry Applicant,
    DateTimeOffset? SubmittedAt,
    Dictionary<string, string?>? Form);

/// <summary>
/// Translates between one portal's wire format and the engine's model, both ways: submissions in, status updates out.
/// The engine never sees a portal's field names; problems are reported in them.
/// </summary>
internal interface IPortalAdapter
{
    /// <summary>The portal, as the dossier's channel.</summary>
    Channel Portal { get; }

    /// <summary>Its name in URLs.</summary>
    string Slug { get; }

    /// <summary>The portal's name for an engine field (<c>procedureCode</c>, <c>applicant.phone</c>, <c>form.x</c>, …).</summary>
    string WireName(string engineField);

    /// <summary>Reads a submission; a value of the wrong type or format is added to <paramref name="errors"/> under its wire name.</summary>
    OnlineSubmission Read(JsonElement body, FieldErrors errors);

    /// <summary>The request that delivers <paramref name="update"/> to the portal at <paramref name="settings"/>' address.</summary>
    HttpRequestMessage UpdateRequest(PortalUpdate update, PortalSettings settings);
}

/// <summary>Dates and times as portals write them: Vietnam time (UTC+7, no daylight saving).</summary>
internal static class PortalTime
{
    public static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    public static string Format(DateTimeOffset at, string format) => at.ToOffset(Vietnam).ToString(format, CultureInfo.InvariantCulture);

    public static DateTimeOffset? Parse(string? text, string format) =>
        DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, Vietnam)
            : null;
}

/// <summary>Reads wire fields with errors under their wire names.</summary>
internal static class Wire
{
    public static string? Text(JsonElement body, string name, FieldErrors errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        errors.Add(name, RequestProblems.Field(name, Expected.Text));
        return null;
    }

    public static int? Number(JsonElement body, string name, FieldErrors errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        errors.Add(name, RequestProblems.Field(name, Expected.Integer));
        return null;
    }

    public static DateTimeOffset? Time(JsonElement body, string name, string format, FieldErrors errors)
    {
        var text = Text(body, name, errors);
        if (text is null)
        {
            return null;
        }

        var at = PortalTime.Parse(text, format);
        if (at is null)
        {
            errors.Add(name, $"Trường {name} phải là giờ Việt Nam viết theo dạng {format}.");
        }

        return at;
    }

    public static Dictionary<string, string?>? Object(JsonElement body, string name, FieldErrors errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(name, $"Trường {name} phải là một đối tượng gồm các trường của tờ khai.");
            return null;
        }

        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var field in value.EnumerateObject())
        {
            fields[field.Name] = field.Value.ValueKind switch
            {
                JsonValueKind.String => field.Value.GetString(),
                JsonValueKind.Number => field.Value.GetRawText(),
                JsonValueKind.Null => null,
                _ => Invalid(field.Name),
            };
        }

        return fields;

        string? Invalid(string field)
        {
            errors.Add($"{name}.{field}", $"Trường {name}.{field} phải là một chuỗi ký tự hoặc một số.");
            return null;
        }
    }

    public static ByteArrayContent Json(JsonObject body) =>
        new(JsonSerializer.SerializeToUtf8Bytes(body)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };
}

/// <summary>
/// The National Public Service Portal (Cổng Dịch vụ công quốc gia): submissions in the shape of its dossier sync
/// (DongBoHoSoMC: <c>MaHoSo</c>, <c>MaTTHC</c>, <c>ChuHoSo</c>, <c>NgayTiepNhan</c> as <c>yyyyMMddHHmmss</c>, …), progress
/// updates posted to <c>CapNhatTienDoHoSoMC</c> with basic authentication.
/// </summary>
internal sealed class NationalPortalAdapter : IPortalAdapter
{
    private const string TimeFormat = "yyyyMMddHHmmss";

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["portalDossierId"] = "MaHoSo",
        ["procedureCode"] = "MaTTHC",
        ["officeCode"] = "DonViXuLy",
        ["applicant"] = "ChuHoSo",
        ["applicant.fullName"] = "ChuHoSo",
        ["applicant.phone"] = "SoDienThoaiChuHoSo",
        ["applicant.citizenId"] = "SoGiayToChuHoSo",
        ["applicant.address"] = "DiaChiChuHoSo",
        ["submittedAt"] = "NgayTiepNhan",
        ["status"] = "TrangThaiHoSo",
        ["form"] = "DuLieuToKhai",
    };

    public Channel Portal => Channel.NationalPortal;

    public string Slug => "national";

    public string WireName(string engineField) =>
        engineField.StartsWith("form.", StringComparison.Ordinal) ? $"DuLieuToKhai.{engineField[5..]}" : Names.GetValueOrDefault(engineField, engineField);

    public OnlineSubmission Read(JsonElement body, FieldErrors errors)
    {
        if (Wire.Number(body, "TrangThaiHoSo", errors) is { } status && status != 1)
        {
            errors.Add("TrangThaiHoSo", "Trường TrangThaiHoSo phải là 1 (Mới đăng ký): hệ thống chỉ nhận hồ sơ mới nộp.");
        }

        return new OnlineSubmission(
            Wire.Text(body, "MaHoSo", errors),
            Wire.Text(body, "MaTTHC", errors),
            Wire.Text(body, "DonViXuLy", errors),
            new ApplicantEntry(
                Wire.Text(body, "ChuHoSo", errors),
                Wire.Text(body, "SoDienThoaiChuHoSo", errors),
                Wire.Text(body, "SoGiayToChuHoSo", errors),
                Wire.Text(body, "DiaChiChuHoSo", errors)),
            Wire.Time(body, "NgayTiepNhan", TimeFormat, errors),
            Wire.Object(body, "DuLieuToKhai", errors));
    }

    public HttpRequestMessage UpdateRequest(PortalUpdate update, PortalSettings settings)
    {
        var body = new JsonObject
        {
            ["MaHoSo"] = update.PortalDossierId,
            ["MaHoSoMotCua"] = update.DossierCode,
            ["IdCapNhat"] = update.IdempotencyKey,
            ["TrangThaiHoSo"] = update.Status.NationalCode().ToString(CultureInfo.InvariantCulture),
            ["NgayXuLy"] = PortalTime.Format(update.At, TimeFormat),
            ["DonViXuLy"] = update.OfficeCode,
            ["CanBoXuLy"] = update.Handler,
            ["NoiDungXuLy"] = update.Note,
        };
        if (update.DueAt is { } due)
        {
            body["NgayHenTra"] = PortalTime.Format(due, TimeFormat);
        }

        if (update.Status == DossierStatus.ResultReady)
        {
            body["NgayKetThucXuLy"] = PortalTime.Format(update.At, TimeFormat);
        }

        if (update.Status == DossierStatus.Returned)
        {
            body["NgayTra"] = PortalTime.Format(update.At, TimeFormat);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.Address!, "CapNhatTienDoHoSoMC")) { Content = Wire.Json(body) };
        request.Headers.Add("Idempotency-Key", update.IdempotencyKey);
        if (settings.UserName is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.UserName}:{settings.Password}")));
        }

        return request;
    }
}

/// <summary>
/// Hà Nội's city portal: submissions as camel-case JSON with the applicant in <c>nguoiNop</c> and times written
/// <c>dd/MM/yyyy HH:mm:ss</c>; status updates posted to <c>api/hoso/capnhat-trangthai</c> with an API key.
/// </summary>
internal sealed class CityPortalAdapter : IPortalAdapter
{
    private const string TimeFormat = "dd/MM/yyyy HH:mm:ss";

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["portalDossierId"] = "soHoSo",
        ["procedureCode"] = "maThuTuc",
        ["officeCode"] = "maDonVi",
        ["applicant"] = "nguoiNop",
        ["applicant.fullName"] = "nguoiNop.hoTen",
        ["applicant.phone"] = "nguoiNop.soDienThoai",
        ["applicant.citizenId"] = "nguoiNop.soDinhDanh",
        ["applicant.address"] = "nguoiNop.diaChi",
        ["submittedAt"] = "thoiGianNop",
        ["status"] = "trangThai",
        ["form"] = "toKhai",
    };

    public Channel Portal => Channel.CityPortal;

    public string Slug => "city";

    public string WireName(string engineField) =>
        engineField.StartsWith("form.", StringComparison.Ordinal) ? $"toKhai.{engineField[5..]}" : Names.GetValueOrDefault(engineField, engineField);

    public OnlineSubmission Read(JsonElement body, FieldErrors errors)
    {
        if (Wire.Number(body, "trangThai", errors) is { } status && status != 1)
        {
            errors.Add("trangThai", "Trường trangThai phải là 1 (mới đăng ký): hệ thống chỉ nhận hồ sơ mới nộp.");
        }

        var applicant = new ApplicantEntry(null, null);
        if (body.TryGetProperty("nguoiNop", out var person) && person.ValueKind != JsonValueKind.Null)
        {
            if (person.ValueKind == JsonValueKind.Object)
            {
                var nested = new FieldErrors();
                applicant = new ApplicantEntry(
                    Wire.Text(person, "hoTen", nested),
                    Wire.Text(person, "soDienThoai", nested),
                    Wire.Text(person, "soDinhDanh", nested),
                    Wire.Text(person, "diaChi", nested));
                if (nested.Any)
                {
                    errors.Add("nguoiNop", "Các trường hoTen, soDienThoai, soDinhDanh và diaChi của nguoiNop phải là chuỗi ký tự.");
                }
            }
            else
            {
                errors.Add("nguoiNop", "Trường nguoiNop phải là một đối tượng.");
            }
        }

        return new OnlineSubmission(
            Wire.Text(body, "soHoSo", errors),
            Wire.Text(body, "maThuTuc", errors),
            Wire.Text(body, "maDonVi", errors),
            applicant,
            Wire.Time(body, "thoiGianNop", TimeFormat, errors),
            Wire.Object(body, "toKhai", errors));
    }

    public HttpRequestMessage UpdateRequest(PortalUpdate update, PortalSettings settings)
    {
        var body = new JsonObject
        {
            ["soHoSo"] = update.PortalDossierId,
            ["maHoSoMotCua"] = update.DossierCode,
            ["maCapNhat"] = update.IdempotencyKey,
            ["trangThai"] = update.Status.NationalCode(),
            ["thoiGian"] = PortalTime.Format(update.At, TimeFormat),
            ["maDonVi"] = update.OfficeCode,
            ["canBoXuLy"] = update.Handler,
            ["ghiChu"] = update.Note,
            ["hanTra"] = update.DueAt is { } due ? PortalTime.Format(due, TimeFormat) : null,
        };
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.Address!, "api/hoso/capnhat-trangthai")) { Content = Wire.Json(body) };
        request.Headers.Add("Idempotency-Key", update.IdempotencyKey);
        if (settings.ApiKey is not null)
        {
            request.Headers.Add("X-API-Key", settings.ApiKey);
        }

        return request;
    }
}

/// <summary>Delivers updates over HTTP through the portal's adapter, and tells a refusal from a passing failure.</summary>
internal sealed class HttpPortalDelivery(IHttpClientFactory clients, IOptions<PortalsSettings> settings, IEnumerable<IPortalAdapter> adapters) : IPortalDelivery
{
    /// <summary>The HTTP client's name.</summary>
    public const string ClientName = "portals";

    private readonly Dictionary<Channel, IPortalAdapter> _adapters = adapters.ToDictionary(a => a.Portal);

    public async Task<DeliveryResult> DeliverAsync(PortalUpdate update, CancellationToken cancellationToken)
    {
        var portal = settings.Value.For(update.Portal);
        if (portal.Address is null)
        {
            return new DeliveryResult(DeliveryOutcome.Failed, $"{PortalsSettings.Section}:{(update.Portal == Channel.NationalPortal ? "National" : "City")}:BaseAddress is not set.");
        }

        using var request = _adapters[update.Portal].UpdateRequest(update, portal);
        using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return DeliveryResult.Delivered;
        }

        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var reason = $"{status} {response.ReasonPhrase}: {(body.Length > 500 ? body[..500] : body)}".TrimEnd(' ', ':');
        return status is 408 or 429 or >= 500
            ? new DeliveryResult(DeliveryOutcome.Failed, reason)
            : new DeliveryResult(DeliveryOutcome.Rejected, reason);
    }
}
