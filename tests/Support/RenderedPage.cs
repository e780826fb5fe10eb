using System.Diagnostics;
using System.Text;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace CaseEngine.Tests.Support;

/// <summary>
/// The first page of a PDF rasterised by Poppler's <c>pdftoppm</c> (Debian's poppler-utils) as 8-bit grey, to check
/// what a printer would put on paper: its QR code decoded by ZXing, its text read back by Tesseract OCR.
/// </summary>
public sealed class RenderedPage : IDisposable
{
    private readonly string _folder;

    private RenderedPage(string folder, string path, int width, int height, byte[] pixels)
    {
        _folder = folder;
        Path = path;
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>The page as a binary PGM file.</summary>
    public string Path { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Grey levels, row by row, 0 black to 255 white.</summary>
    public byte[] Pixels { get; }

    /// <summary>Rasterises page 1 of <paramref name="pdf"/> at <paramref name="dpi"/>.</summary>
    public static async Task<RenderedPage> RenderAsync(byte[] pdf, int dpi)
    {
        var folder = Directory.CreateTempSubdirectory("caseengine-slip-").FullName;
        var input = System.IO.Path.Combine(folder, "slip.pdf");
        await File.WriteAllBytesAsync(input, pdf);
        await RunAsync("pdftoppm", ["-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-gray", "-f", "1", "-l", "1", "-singlefile", input, System.IO.Path.Combine(folder, "page")]);
        var path = System.IO.Path.Combine(folder, "page.pgm");
        var (width, height, pixels) = ReadPgm(await File.ReadAllBytesAsync(path));
        return new RenderedPage(folder, path, width, height, pixels);
    }

    /// <summary>The text of the QR code on the page, or null when none is found.</summary>
    public string? DecodeQr()
    {
        var source = new RGBLuminanceSource(Pixels, Width, Height, RGBLuminanceSource.BitmapFormat.Gray8);
        var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true };
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints)?.Text;
    }

    /// <summary>The page's text as Tesseract reads it with its Vietnamese model.</summary>
    public Task<string> ReadTextAsync() => RunAsync("tesseract", [Path, "stdout", "-l", "vie", "--psm", "4"]);

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Width, int Height, byte[] Pixels) ReadPgm(byte[] file)
    {
        // P5 <width> <height> <maxval> then one byte per pixel.
        var fields = new List<string>();
        var position = 0;
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)file[position]))
            {
                position++;
            }

            var start = position;
            while (!char.IsWhiteSpace((char)file[position]))
            {
                position++;
            }

            fields.Add(Encoding.ASCII.GetString(file, start, position - start));
        }

        Assert.Equal("P5", fields[0]);
        var width = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
        return (width, height, file[(position + 1)..(position + 1 + width * height)]);
    }

    private static async Task<string> RunAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed: {await error}");
        return await output;
    }
}
