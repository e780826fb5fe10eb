using System.Security.Cryptography;
using System.Text;
using CaseEngine.Api.Slips;
using CaseEngine.Domain.Reference;
using CaseEngine.Silo;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using QRCoder;

namespace CaseEngine.Api.Apis;

/// <summary>
/// The public service portal the essential services' QR codes lead to (<c>CaseEngine:ServicePortalAddress</c>),
/// checked by <see cref="ServicePortalOptionsValidator"/>.
/// </summary>
public sealed class ServicePortalOptions
{
    /// <summary>Configuration section: the setting sits directly in <c>CaseEngine</c>.</summary>
    public const string Section = "CaseEngine";

    /// <summary>
    /// The portal's address, absolute http or https without user, query or fragment; services' paths are relative to it.
    /// Default (also when empty) <see cref="ServicePortal.DefaultAddress"/>, the National Public Service Portal.
    /// </summary>
    public string? ServicePortalAddress { get; set; } = ServicePortal.DefaultAddress;
}

/// <summary>The rule of <see cref="ServicePortalOptions"/>: the portal's address is an absolute http or https address.</summary>
public sealed class ServicePortalOptionsValidator() : SettingsValidator<ServicePortalOptions>(ServicePortalOptions.Section)
{
    /// <inheritdoc/>
    protected override IEnumerable<string> Check(ServicePortalOptions settings) =>
        BaseAddress.Problem(Key(nameof(settings.ServicePortalAddress)), settings.ServicePortalAddress) is { } problem ? [problem] : [];
}

/// <summary>The public service portal the essential services' QR codes lead to.</summary>
/// <param name="Address">Its address (<c>CaseEngine:ServicePortalAddress</c>), ending with a slash; services' paths are relative to it.</param>
public sealed record ServicePortal(Uri Address)
{
    /// <summary>The default: the National Public Service Portal.</summary>
    public const string DefaultAddress = "https://dichvucong.gov.vn/p/home/";

    /// <summary>The portal of checked settings; the default when the address is empty.</summary>
    public static ServicePortal From(ServicePortalOptions options) => new(BaseAddress.Parse(options.ServicePortalAddress) ?? new Uri(DefaultAddress));

    /// <summary>The service's page: the portal's address combined with the service's path.</summary>
    public Uri TargetOf(EssentialService service) => new(Address, service.Path);
}

/// <summary>
/// The QR codes of the essential services: one service's as PNG or SVG, all of them on a printable sheet (made once,
/// since the settings and the essential services, which are not administered while the engine runs, do not change).
/// </summary>
public sealed class ServiceQrCodes
{
    /// <summary>Pixels per module of a PNG when the request does not say.</summary>
    public const int DefaultSize = 10;

    /// <summary>Fewest pixels per module of a PNG.</summary>
    public const int MinSize = 1;

    /// <summary>Most pixels per module of a PNG: about 1,800 pixels across for the longest addresses, a 15 cm code at 300 dpi.</summary>
    public const int MaxSize = 40;

    private readonly ReferenceData _reference;
    private readonly ServicePortal _portal;
    private readonly Lazy<byte[]> _sheet;

    /// <summary>Creates the codes of <paramref name="reference"/>'s services on <paramref name="portal"/>.</summary>
    public ServiceQrCodes(ReferenceData reference, ServicePortal portal)
    {
        _reference = reference;
        _portal = portal;
        _sheet = new Lazy<byte[]>(ComposeSheet);
    }

    /// <summary>Title of the printed sheet.</summary>
    public string SheetTitle => $"Quét mã QR để nộp hồ sơ trực tuyến — {_reference.Services.Count} dịch vụ công thiết yếu";

    /// <summary>The services, in file order.</summary>
    public IEnumerable<EssentialService> Services => _reference.Services.Values;

    /// <summary>The service, or a <see cref="Domain.Dossiers.NotFoundException"/>.</summary>
    public EssentialService Require(string id) => _reference.RequireService(id);

    /// <summary>Where the service's QR code leads.</summary>
    public Uri TargetOf(EssentialService service) => _portal.TargetOf(service);

    /// <summary>The service's QR code as a PNG with <paramref name="size"/> pixels per module, quiet zone included.</summary>
    public byte[] Png(EssentialService service, int size)
    {
        using var data = Encode(service);
        return new PngByteQRCode(data).GetGraphic(size);
    }

    /// <summary>The service's QR code as an SVG image that scales to its container (a view box, no fixed size).</summary>
    public string Svg(EssentialService service)
    {
        using var data = Encode(service);
        return new SvgQRCode(data).GetGraphic(DefaultSize, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    /// <summary>The A4 sheet of every service's QR code with its name, as a PDF.</summary>
    public byte[] Sheet => _sheet.Value;

    private QRCodeData Encode(EssentialService service)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(TargetOf(service).AbsoluteUri, QRCodeGenerator.ECCLevel.M);
    }

    private byte[] ComposeSheet() => ServiceQrSheet.Compose(
        SheetTitle,
        [.. Services.Select(s => new QrSheetEntry(s.Name, TargetOf(s)))],
        _portal.Address,
        Services.Any(s => s.Illustrative));
}

/// <summary>
/// QR codes of Project 06's 25 essential online services, for posters at the counter: public (no token), rate-limited
/// per address like the citizens' endpoints.
/// </summary>
public static class ServicesApi
{
    // The codes change only with the settings or the reference data, that is with a restart.
    private const string CacheControl = "public, max-age=3600";

    /// <summary>Registers and reads <c>CaseEngine:ServicePortalAddress</c>, and registers the services' QR codes.</summary>
    /// <exception cref="EngineStartupException">The portal's address is not usable.</exception>
    public static IHostApplicationBuilder AddServiceQrCodes(this IHostApplicationBuilder builder)
    {
        builder.AddEngineSettings(new ServicePortalOptionsValidator());
        builder.Services.AddSingleton(sp => ServicePortal.From(sp.GetRequiredService<IOptions<ServicePortalOptions>>().Value)).AddSingleton<ServiceQrCodes>();
        return builder;
    }

    /// <summary>Maps <c>/api/services</c>.</summary>
    public static IEndpointRouteBuilder MapServicesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/services").WithTags("Essential services").AllowAnonymous().RequireRateLimiting(PublicApi.RateLimitPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/", ListServices)
            .WithName("ListEssentialServices")
            .WithSummary("Project 06's 25 essential online services: name, the portal page their QR code leads to, and their QR images");
        api.MapGet("/qr-sheet.pdf", GetSheet)
            .WithName("GetEssentialServicesQrSheet")
            .WithSummary("A printable A4 sheet of the 25 services' QR codes, each with its Vietnamese name under it")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .Produces(StatusCodes.Status304NotModified);
        api.MapGet("/{id}/qr.png", GetPng)
            .WithName("GetEssentialServiceQrPng")
            .WithSummary($"A service's QR code as a PNG image, size pixels per module ({ServiceQrCodes.MinSize}–{ServiceQrCodes.MaxSize}, default {ServiceQrCodes.DefaultSize})")
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id}/qr.svg", GetSvg)
            .WithName("GetEssentialServiceQrSvg")
            .WithSummary("A service's QR code as an SVG image that scales to any size")
            .Produces(StatusCodes.Status200OK, contentType: "image/svg+xml")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>The services in file order.</summary>
    public static Ok<IReadOnlyList<ServiceInfo>> ListServices(ServiceQrCodes codes) =>
        TypedResults.Ok<IReadOnlyList<ServiceInfo>>(
        [
            .. codes.Services.Select(s => new ServiceInfo(
                s.Id, s.Name, codes.TargetOf(s).AbsoluteUri, s.Illustrative, $"/api/services/{s.Id}/qr.png", $"/api/services/{s.Id}/qr.svg")),
        ]);

    /// <summary>One service's QR code as a PNG.</summary>
    public static Results<FileContentHttpResult, ValidationProblem> GetPng(string id, ServiceQrCodes codes, HttpResponse response, int? size = null)
    {
        if (size is < ServiceQrCodes.MinSize or > ServiceQrCodes.MaxSize)
        {
            return ValidationProblems.Of("size", $"Cỡ mã QR (size) phải từ {ServiceQrCodes.MinSize} đến {ServiceQrCodes.MaxSize} điểm ảnh mỗi ô.");
        }

        var service = codes.Require(id);
        return Cacheable(response, codes.Png(service, size ?? ServiceQrCodes.DefaultSize), "image/png");
    }

    /// <summary>One service's QR code as an SVG.</summary>
    public static FileContentHttpResult GetSvg(string id, ServiceQrCodes codes, HttpResponse response) =>
        Cacheable(response, Encoding.UTF8.GetBytes(codes.Svg(codes.Require(id))), "image/svg+xml");

    /// <summary>The printable sheet.</summary>
    public static FileContentHttpResult GetSheet(ServiceQrCodes codes, HttpResponse response) =>
        Cacheable(response, codes.Sheet, "application/pdf", "qr-dich-vu-cong-thiet-yeu.pdf");

    // An entity tag of the content itself, so a client that has it gets 304 Not Modified.
    private static FileContentHttpResult Cacheable(HttpResponse response, byte[] content, string contentType, string? fileName = null)
    {
        response.Headers.CacheControl = CacheControl;
        var tag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16))}\"");
        return TypedResults.File(content, contentType, fileName, entityTag: tag);
    }
}
