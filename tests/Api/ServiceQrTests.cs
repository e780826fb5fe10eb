using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CaseEngine.Api.Apis;
using CaseEngine.Silo;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.Configuration;
using UglyToad.PdfPig;
using ZXing;
using ZXing.Common;
using ZXing.Multi.QrCode;

namespace CaseEngine.Tests.Api;

/// <summary>
/// The QR codes of Project 06's 25 essential services, as citizens and the counter's printer get them without a
/// token: the list, each code as PNG and SVG decoded back to the service's page on the portal, and the A4 sheet of all
/// of them read back from its text and from the page rasterised as a printer would.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class ServiceQrTests(ApiFactory factory)
{
    private const string ServicePortalKey = "CaseEngine:ServicePortalAddress";

    private const string NationalPortal = "https://dichvucong.gov.vn/p/home/";

    // No token: these endpoints are public.
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task TheList_HasThe25Services_EachWithItsNameTargetAndImages()
    {
        using var response = await _http.GetAsync("/api/services");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var services = await ListAsync(_http);
        Assert.Equal(25, services.Count);
        Assert.Equal(25, services.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(25, services.Select(s => s.Target).Distinct(StringComparer.Ordinal).Count());
        var shipped = TestReferenceData.Shipped.Services.Values.ToList();
        Assert.All(services.Zip(shipped), pair =>
        {
            var (service, entry) = pair;
            Assert.Equal(entry.Id, service.Id);
            Assert.Matches(KebabCase(), service.Id);
            Assert.Equal(entry.Name, service.Name);
            Assert.True(service.Name.IsNormalized(NormalizationForm.FormC), service.Id);
            Assert.Equal(NationalPortal + entry.Path, service.Target);
            Assert.True(service.Illustrative, service.Id);
            Assert.Equal($"/api/services/{service.Id}/qr.png", service.QrPng);
            Assert.Equal($"/api/services/{service.Id}/qr.svg", service.QrSvg);
        });
        Assert.Contains(services, s => s is { Id: "birth-registration", Name: "Đăng ký khai sinh" });
    }

    [Fact]
    public async Task EveryPng_DecodesToItsServicesTarget()
    {
        foreach (var service in await ListAsync(_http))
        {
            using var response = await _http.GetAsync(service.QrPng);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            var png = PngImage.Decode(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(png.Width, png.Height);
            Assert.Equal(service.Target, png.DecodeQr());
        }
    }

    [Fact]
    public async Task APng_HasSizePixelsPerModule()
    {
        var one = PngImage.Decode(await _http.GetByteArrayAsync("/api/services/death-registration/qr.png?size=1"));
        var seven = PngImage.Decode(await _http.GetByteArrayAsync("/api/services/death-registration/qr.png?size=7"));
        var standard = PngImage.Decode(await _http.GetByteArrayAsync("/api/services/death-registration/qr.png"));

        // One pixel a module: a version 1–40 symbol (21–177 modules) with its 4-module quiet zone on each side.
        Assert.InRange(one.Width, 21 + 8, 177 + 8);
        Assert.Equal(7 * one.Width, seven.Width);
        Assert.Equal(ServiceQrCodes.DefaultSize * one.Width, standard.Width);
        Assert.Equal(
            (await ListAsync(_http)).Single(s => s.Id == "death-registration").Target,
            seven.DecodeQr());
    }

    [Fact]
    public async Task AnSvg_IsWellFormedXml_OfTheRightType_AndDrawsTheServicesCode()
    {
        var service = (await ListAsync(_http)).Single(s => s.Id == "criminal-record-certificate");

        using var response = await _http.GetAsync(service.QrSvg);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        Assert.NotNull(svg.Root.Attribute("viewBox"));
        Assert.Equal(service.Target, RasteriseQrSvg(svg).DecodeQr());
    }

    [Theory]
    [InlineData("qr.png")]
    [InlineData("qr.svg")]
    public async Task TheImages_AreCacheable_AndAnUnchangedOneIsNotSentAgain(string image)
    {
        var path = $"/api/services/marriage-registration/{image}";
        using var first = await _http.GetAsync(path);
        var tag = first.Headers.ETag;

        Assert.NotNull(tag);
        Assert.True(first.Headers.CacheControl is { Public: true, MaxAge: not null }, first.Headers.CacheControl?.ToString());
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(tag);
        using var revalidated = await _http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
        using var second = await _http.GetAsync(path);
        Assert.Equal(tag, second.Headers.ETag);
    }

    [Fact]
    public async Task TheSheet_IsAnA4Pdf_TitledInVietnamese_WithEveryServicesName()
    {
        var services = await ListAsync(_http);

        using var response = await _http.GetAsync("/api/services/qr-sheet.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        using var document = PdfDocument.Open(pdf);
        var page = Assert.Single(document.GetPages());
        Assert.Equal(210, page.Width / 72 * 25.4, 0);
        Assert.Equal(297, page.Height / 72 * 25.4, 0);
        Assert.All(page.Letters, letter => Assert.Contains("DejaVu Serif Condensed", letter.FontName, StringComparison.Ordinal));
        var text = DrawnText(page);
        Assert.Contains("Quét mã QR để nộp hồ sơ trực tuyến — 25 dịch vụ công thiết yếu", text, StringComparison.Ordinal);
        Assert.All(services.Select((s, i) => $"{i + 1}. {s.Name}"), name => Assert.Contains(name, text, StringComparison.Ordinal));
        Assert.Contains($"Cổng Dịch vụ công: {NationalPortal}", text, StringComparison.Ordinal);
        Assert.Contains("chỉ là ví dụ minh họa", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePrintedSheet_HasEveryCode_EachDecodingToItsService()
    {
        var targets = (await ListAsync(_http)).Select(s => s.Target).ToHashSet(StringComparer.Ordinal);
        var pdf = await _http.GetByteArrayAsync("/api/services/qr-sheet.pdf");

        using var page = await RenderedPage.RenderAsync(pdf, dpi: 300);

        Assert.Equal(2480, page.Width, 2f);
        var decoded = DecodeEveryQr(page.Pixels, page.Width, page.Height);
        Assert.Equal(targets.Order(StringComparer.Ordinal), decoded.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheSheet_IsMadeOnce_SoItsTagStaysTheSame()
    {
        using var first = await _http.GetAsync("/api/services/qr-sheet.pdf");
        using var second = await _http.GetAsync("/api/services/qr-sheet.pdf");

        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/api/services/no-such-service/qr.png")]
    [InlineData("/api/services/no-such-service/qr.svg")]
    [InlineData("/api/services/Birth-Registration/qr.png")]
    public async Task AnUnknownService_IsA404Problem(string path)
    {
        using var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Contains("dịch vụ công thiết yếu", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("41")]
    [InlineData("100000")]
    [InlineData("ten")]
    [InlineData("2.5")]
    public async Task ASizeOutOfRangeOrNotANumber_IsA400Problem(string size)
    {
        using var response = await _http.GetAsync($"/api/services/birth-registration/qr.png?size={size}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("size", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "https://dichvucong.gov.vn/p/home/")]
    [InlineData("", "https://dichvucong.gov.vn/p/home/")]
    [InlineData("https://dichvucong.hanoi.gov.vn/dvc", "https://dichvucong.hanoi.gov.vn/dvc/")]
    [InlineData("http://portal.example:8080/p/home/", "http://portal.example:8080/p/home/")]
    public void ThePortalAddress_IsTheDefaultOrTheSetting_EndingWithASlash(string? configured, string expected)
    {
        var portal = ServicePortal.From(new ServicePortalOptionsValidator().Read(new ConfigurationBuilder().AddInMemoryCollection([new(ServicePortalKey, configured)]).Build()));

        Assert.Equal(expected, portal.Address.AbsoluteUri);
        Assert.Equal(
            expected + "dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193",
            portal.TargetOf(new("birth-registration", "Đăng ký khai sinh", "dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193", true)).AbsoluteUri);
    }

    [Theory]
    [InlineData("dichvucong.gov.vn/p/home/")]
    [InlineData("/p/home/")]
    [InlineData("ftp://dichvucong.gov.vn/")]
    [InlineData("https://dichvucong.gov.vn/p/home/?lang=vi")]
    [InlineData("https://dichvucong.gov.vn/p/home/#top")]
    [InlineData("https://user:secret@dichvucong.gov.vn/")]
    public void APortalAddressThatIsNotAPlainHttpAddress_StopsTheStart(string configured)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(ServicePortalKey, configured)]).Build();

        var error = Assert.Throws<EngineStartupException>(() => new ServicePortalOptionsValidator().Read(configuration));

        Assert.Contains(ServicePortalKey, error.Message, StringComparison.Ordinal);
        Assert.Contains(configured, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    /// <summary>
    /// The page's text in the order it was drawn, a space where a line ends: a name wrapped in its cell reads whole,
    /// where the words in reading order would interleave the lines of the cells side by side.
    /// </summary>
    internal static string DrawnText(UglyToad.PdfPig.Content.Page page)
    {
        var text = new StringBuilder();
        UglyToad.PdfPig.Content.Letter? previous = null;
        foreach (var letter in page.Letters)
        {
            if (previous is not null && Math.Abs(letter.StartBaseLine.Y - previous.StartBaseLine.Y) > 0.5)
            {
                text.Append(' ');
            }

            text.Append(letter.Value);
            previous = letter;
        }

        return string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    internal static async Task<List<ServiceInfo>> ListAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<List<ServiceInfo>>("/api/services"))!;

    /// <summary>
    /// Every QR code on a page of several: ZXing's multiple-code reader finds them; each is cropped with a margin and
    /// decoded again on its own, so that a code is counted only when it reads alone.
    /// </summary>
    internal static List<string> DecodeEveryQr(byte[] grey, int width, int height)
    {
        var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true };
        var page = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(grey, width, height, RGBLuminanceSource.BitmapFormat.Gray8)));
        var found = new QRCodeMultiReader().decodeMultiple(page, hints) ?? [];
        var decoded = new List<string>();
        foreach (var result in found)
        {
            var xs = result.ResultPoints.Select(p => p.X).ToArray();
            var ys = result.ResultPoints.Select(p => p.Y).ToArray();
            var margin = (int)((xs.Max() - xs.Min()) * 0.3);
            var left = Math.Max(0, (int)xs.Min() - margin);
            var top = Math.Max(0, (int)ys.Min() - margin);
            var right = Math.Min(width, (int)xs.Max() + margin);
            var bottom = Math.Min(height, (int)ys.Max() + margin);
            var crop = new byte[(right - left) * (bottom - top)];
            for (var y = top; y < bottom; y++)
            {
                Array.Copy(grey, y * width + left, crop, (y - top) * (right - left), right - left);
            }

            var alone = new ZXing.QrCode.QRCodeReader().decode(
                new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(crop, right - left, bottom - top, RGBLuminanceSource.BitmapFormat.Gray8))), hints);
            Assert.True(alone?.Text == result.Text, $"the code at ({left}, {top}) reads alone as it read on the page: '{result.Text}'");
            decoded.Add(result.Text);
        }

        return decoded;
    }

    /// <summary>
    /// Paints QRCoder's SVG (a view box, a white background and one path of rectangles: <c>Mx yhwv1h-wz</c>) at 4 pixels
    /// a unit, as a browser would.
    /// </summary>
    private static PngLikeImage RasteriseQrSvg(XDocument svg)
    {
        const int Scale = 4;
        var box = svg.Root!.Attribute("viewBox")!.Value.Split(' ').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var (width, height) = (box[2] * Scale, box[3] * Scale);
        var pixels = Enumerable.Repeat((byte)255, width * height).ToArray();
        XNamespace ns = "http://www.w3.org/2000/svg";
        var path = svg.Root.Elements(ns + "path").Single();
        Assert.Equal("#000000", path.Attribute("fill")?.Value);
        foreach (Match square in SvgRectangle().Matches(path.Attribute("d")!.Value))
        {
            var x = double.Parse(square.Groups["x"].Value, CultureInfo.InvariantCulture);
            var y = double.Parse(square.Groups["y"].Value, CultureInfo.InvariantCulture);
            var w = double.Parse(square.Groups["w"].Value, CultureInfo.InvariantCulture);
            var h = double.Parse(square.Groups["h"].Value, CultureInfo.InvariantCulture);
            Assert.Equal(square.Groups["w"].Value, square.Groups["back"].Value);
            for (var py = (int)(y * Scale); py < (int)((y + h) * Scale); py++)
            {
                Array.Fill(pixels, (byte)0, py * width + (int)(x * Scale), (int)(w * Scale));
            }
        }

        Assert.Equal(string.Empty, SvgRectangle().Replace(path.Attribute("d")!.Value, string.Empty));
        return new PngLikeImage(pixels, width, height);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();

    [GeneratedRegex(@"M(?<x>[\d.]+) (?<y>[\d.]+)h(?<w>[\d.]+)v(?<h>[\d.]+)h-(?<back>[\d.]+)z")]
    private static partial Regex SvgRectangle();

    private sealed record PngLikeImage(byte[] Pixels, int Width, int Height)
    {
        public string? DecodeQr()
        {
            var source = new RGBLuminanceSource(Pixels, Width, Height, RGBLuminanceSource.BitmapFormat.Gray8);
            var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true };
            return new ZXing.QrCode.QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints)?.Text;
        }
    }
}

/// <summary>A portal address of its own changes where every code leads, on the list, the images and the sheet.</summary>
public sealed class ServiceQrPortalAddressTests(ServiceQrPortalAddressTests.Engine engine) : IClassFixture<ServiceQrPortalAddressTests.Engine>
{
    private const string HanoiPortal = "https://dichvucong.hanoi.gov.vn/dvc";

    private readonly HttpClient _http = engine.Factory.CreateClient();

    /// <summary>An engine whose QR codes lead to Hà Nội's portal.</summary>
    public sealed class Engine : IAsyncLifetime
    {
        public ApiFactory Factory { get; } = new() { ServicePortalAddress = HanoiPortal };

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    [Fact]
    public async Task TheTargets_AreUnderTheConfiguredPortal()
    {
        var services = await ServiceQrTests.ListAsync(_http);

        Assert.Equal(25, services.Count);
        Assert.All(services, s => Assert.Equal($"{HanoiPortal}/{TestReferenceData.Shipped.Services[s.Id].Path}", s.Target));
        var birth = services.Single(s => s.Id == "birth-registration");
        Assert.Equal(birth.Target, PngImage.Decode(await _http.GetByteArrayAsync(birth.QrPng)).DecodeQr());
    }

    [Fact]
    public async Task TheSheet_NamesTheConfiguredPortal_AndItsCodesLeadThere()
    {
        var pdf = await _http.GetByteArrayAsync("/api/services/qr-sheet.pdf");

        using (var document = PdfDocument.Open(pdf))
        {
            Assert.Contains($"Cổng Dịch vụ công: {HanoiPortal}/", ServiceQrTests.DrawnText(document.GetPage(1)), StringComparison.Ordinal);
        }

        using var page = await RenderedPage.RenderAsync(pdf, dpi: 300);
        var decoded = ServiceQrTests.DecodeEveryQr(page.Pixels, page.Width, page.Height);
        Assert.NotEmpty(decoded);
        Assert.All(decoded, text => Assert.StartsWith($"{HanoiPortal}/", text, StringComparison.Ordinal));
    }
}
