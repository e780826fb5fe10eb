using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace CaseEngine.Tests.Support;

/// <summary>
/// A PNG file decoded to 8-bit grey, with no imaging library: the chunks are read, the image data inflated
/// (zlib), the scanline filters undone and the samples turned into grey levels. Greyscale and palette images of 1 to
/// 8 bits and 8-bit RGB(A), not interlaced: what QRCoder writes and more.
/// </summary>
public sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private PngImage(int width, int height, int bitDepth, int colourType, byte[] pixels)
    {
        Width = width;
        Height = height;
        BitDepth = bitDepth;
        ColourType = colourType;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Bits per sample, as the file says.</summary>
    public int BitDepth { get; }

    /// <summary>PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey and alpha, 6 RGBA.</summary>
    public int ColourType { get; }

    /// <summary>Grey levels, row by row, 0 black to 255 white.</summary>
    public byte[] Pixels { get; }

    /// <summary>Decodes <paramref name="file"/>; an assertion fails on anything that is not a PNG it can read.</summary>
    public static PngImage Decode(byte[] file)
    {
        Assert.True(file.AsSpan().StartsWith(Signature), "the file starts with the PNG signature");
        int width = 0, height = 0, bitDepth = 0, colourType = 0;
        byte[] palette = [];
        using var compressed = new MemoryStream();
        var position = Signature.Length;
        var ended = false;
        while (!ended)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(position));
            var type = Encoding.ASCII.GetString(file, position + 4, 4);
            var data = file.AsSpan(position + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    bitDepth = data[8];
                    colourType = data[9];
                    Assert.Equal(0, data[12]); // not interlaced
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
                case "IEND":
                    ended = true;
                    break;
            }

            position += 12 + length; // length, type, data, CRC
        }

        var channels = colourType switch { 0 or 3 => 1, 4 => 2, 2 => 3, 6 => 4, _ => throw new InvalidDataException($"colour type {colourType}") };
        Assert.True(bitDepth == 8 || (channels == 1 && bitDepth is 1 or 2 or 4), $"bit depth {bitDepth} of colour type {colourType} is read");
        var bitsPerPixel = channels * bitDepth;
        var stride = (width * bitsPerPixel + 7) / 8;
        var filterStep = Math.Max(1, bitsPerPixel / 8);

        compressed.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        Assert.Equal(height * (stride + 1), raw.Length);
        var previous = new byte[stride];
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var line = raw.AsSpan(y * (stride + 1) + 1, stride);
            Unfilter(raw[y * (stride + 1)], line, previous, filterStep);
            for (var x = 0; x < width; x++)
            {
                pixels[y * width + x] = Grey(line, x, bitDepth, colourType, palette);
            }

            line.CopyTo(previous);
        }

        return new PngImage(width, height, bitDepth, colourType, pixels);
    }

    /// <summary>The text of the QR code in the image, or null when ZXing finds none.</summary>
    public string? DecodeQr()
    {
        var source = new RGBLuminanceSource(Pixels, Width, Height, RGBLuminanceSource.BitmapFormat.Gray8);
        var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true };
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints)?.Text;
    }

    // The five filters of the PNG specification, undone in place; 'step' is the bytes per pixel (at least 1).
    private static void Unfilter(byte filter, Span<byte> line, ReadOnlySpan<byte> previous, int step)
    {
        for (var i = 0; i < line.Length; i++)
        {
            int left = i >= step ? line[i - step] : 0, up = previous[i], upLeft = i >= step ? previous[i - step] : 0;
            line[i] = (byte)(line[i] + filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) / 2,
                4 => Paeth(left, up, upLeft),
                _ => throw new InvalidDataException($"filter type {filter}"),
            });
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte Grey(ReadOnlySpan<byte> line, int x, int bitDepth, int colourType, byte[] palette)
    {
        if (bitDepth == 8 && colourType is 2 or 6)
        {
            var channels = colourType == 2 ? 3 : 4;
            return Luma(line[x * channels], line[x * channels + 1], line[x * channels + 2]);
        }

        var sample = bitDepth == 8
            ? line[x * (colourType == 4 ? 2 : 1)]
            : (line[x * bitDepth / 8] >> (8 - bitDepth - x * bitDepth % 8)) & ((1 << bitDepth) - 1);
        if (colourType == 3)
        {
            return Luma(palette[3 * sample], palette[3 * sample + 1], palette[3 * sample + 2]);
        }

        return (byte)(sample * 255 / ((1 << bitDepth) - 1));
    }

    private static byte Luma(int r, int g, int b) => (byte)((299 * r + 587 * g + 114 * b) / 1000);
}
