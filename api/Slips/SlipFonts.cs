using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace CaseEngine.Api.Slips;

/// <summary>
/// The slips' typeface, DejaVu Serif Condensed (regular, bold, italic), embedded in the assembly so that every
/// Vietnamese letter renders on any machine, with no system fonts. PDFsharp's font resolver is process-wide.
/// </summary>
internal sealed class SlipFonts : IFontResolver
{
    /// <summary>The family name slips ask for.</summary>
    public const string Family = "DejaVu Serif Condensed";

    private const string Regular = "DejaVuSerifCondensed";
    private const string Bold = "DejaVuSerifCondensed-Bold";
    private const string Italic = "DejaVuSerifCondensed-Italic";

    private static readonly SlipFonts Instance = new();
    private static readonly Lock Gate = new();
    private readonly ConcurrentDictionary<string, byte[]> _faces = new(StringComparer.Ordinal);

    /// <summary>Installs the resolver once; later calls do nothing.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not SlipFonts)
            {
                GlobalFontSettings.FontResolver = Instance;
            }
        }
    }

    /// <inheritdoc />
    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        string.Equals(familyName, Family, StringComparison.OrdinalIgnoreCase)
            ? new FontResolverInfo(isBold ? Bold : isItalic ? Italic : Regular)
            : null;

    /// <inheritdoc />
    public byte[]? GetFont(string faceName) => _faces.GetOrAdd(faceName, Load);

    private static byte[] Load(string faceName)
    {
        using var stream = typeof(SlipFonts).Assembly.GetManifestResourceStream($"CaseEngine.Api.Slips.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"The font {faceName} is not embedded in the API assembly.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
