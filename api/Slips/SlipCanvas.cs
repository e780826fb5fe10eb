using System.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace CaseEngine.Api.Slips;

/// <summary>
/// Lays out an A5 portrait document from top to bottom in the style of Vietnamese administrative forms: wrapped
/// paragraphs, labelled fields, a ruled table, signature blocks and a QR code, continuing on a new page when full.
/// </summary>
internal sealed class SlipCanvas : IDisposable
{
    private const double MillimetresToPoints = 72 / 25.4;
    private const double Left = 15 * MillimetresToPoints;
    private const double Right = 12 * MillimetresToPoints;
    private const double Top = 12 * MillimetresToPoints;
    private const double Bottom = 12 * MillimetresToPoints;
    private const double Size = 10;

    private readonly PdfDocument _document = new();
    private readonly XFont _regular;
    private readonly XFont _bold;
    private readonly XFont _italic;
    private readonly XFont _small;
    private readonly XFont _smallBold;
    private readonly XFont _title;
    private XGraphics _graphics = null!;
    private PdfPage _page = null!;
    private double _y;

    public SlipCanvas(string title, string subject)
    {
        SlipFonts.Install();
        _regular = new XFont(SlipFonts.Family, Size, XFontStyleEx.Regular);
        _bold = new XFont(SlipFonts.Family, Size, XFontStyleEx.Bold);
        _italic = new XFont(SlipFonts.Family, Size, XFontStyleEx.Italic);
        _small = new XFont(SlipFonts.Family, 8.5, XFontStyleEx.Regular);
        _smallBold = new XFont(SlipFonts.Family, 8.5, XFontStyleEx.Bold);
        _title = new XFont(SlipFonts.Family, 12, XFontStyleEx.Bold);
        _document.Info.Title = title;
        _document.Info.Subject = subject;
        _document.Info.Creator = "CaseEngine";
        NewPage();
    }

    private double Width => _page.Width.Point - Left - Right;

    /// <summary>The two-column heading: the office on the left, the national motto on the right, then place and date.</summary>
    public void Heading(string authority, string unit, string placeAndDate)
    {
        // The office takes two fifths of the width, the national motto the rest, as on printed forms.
        var officeWidth = Width * 0.4;
        var mottoX = Left + officeWidth;
        var mottoWidth = Width - officeWidth;
        var start = _y;
        var left = CentredLines(Left, officeWidth, [(Upper(authority), _smallBold), (Upper(unit), _smallBold)]);
        _y = start;
        var right = CentredLines(mottoX, mottoWidth, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", _smallBold), ("Độc lập - Tự do - Hạnh phúc", _smallBold)]);
        Rule(Left + officeWidth / 2 - 22, left, 44);
        var mottoLine = _graphics.MeasureString("Độc lập - Tự do - Hạnh phúc", _smallBold).Width;
        Rule(mottoX + (mottoWidth - mottoLine) / 2, right, mottoLine);
        _y = Math.Max(left, right) + 8;
        Line(placeAndDate, _italic, XStringFormats.TopRight);
        _y += 6;
    }

    /// <summary>A centred bold title, wrapped.</summary>
    public void Title(string text)
    {
        foreach (var line in Wrap(text, _title, Width))
        {
            Line(line, _title, XStringFormats.TopCenter);
        }
    }

    /// <summary>A centred line under the title.</summary>
    public void Subtitle(string text, bool bold = false)
    {
        Line(text, bold ? _bold : _italic, XStringFormats.TopCenter);
    }

    /// <summary>Vertical space.</summary>
    public void Space(double points = 6) => _y += points;

    /// <summary>A paragraph, wrapped to the width and indented by <paramref name="indent"/> points.</summary>
    public void Paragraph(string text, double indent = 0, bool italic = false)
    {
        var font = italic ? _italic : _regular;
        foreach (var line in Wrap(text, font, Width - indent))
        {
            Line(line, font, XStringFormats.TopLeft, indent);
        }
    }

    /// <summary>A label followed by its value on the same line, the value wrapped under itself.</summary>
    public void Field(string label, string? value)
    {
        var labelText = Normalize(label) + ": ";
        var labelWidth = _graphics.MeasureString(labelText, _regular).Width;
        var lines = Wrap(string.IsNullOrWhiteSpace(value) ? "…" : value, _bold, Width - labelWidth);
        EnsureSpace(LineHeight(_regular));
        _graphics.DrawString(labelText, _regular, XBrushes.Black, new XPoint(Left, _y), XStringFormats.TopLeft);
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0)
            {
                EnsureSpace(LineHeight(_bold));
            }

            _graphics.DrawString(lines[i], _bold, XBrushes.Black, new XPoint(Left + labelWidth, _y), XStringFormats.TopLeft);
            _y += LineHeight(_bold);
        }
    }

    /// <summary>A numbered list.</summary>
    public void Numbered(IReadOnlyList<string> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            Paragraph($"{i + 1}. {items[i]}", indent: 10);
        }
    }

    /// <summary>A ruled table with a bold header row; column widths are fractions of the page width.</summary>
    public void Table(IReadOnlyList<(string Header, double Fraction)> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        const double Padding = 2.5;
        var widths = columns.Select(c => c.Fraction * Width).ToArray();
        DrawRow(columns.Select(c => c.Header).ToList(), _smallBold, shaded: true);
        foreach (var row in rows)
        {
            DrawRow(row, _small, shaded: false);
        }

        void DrawRow(IReadOnlyList<string> cells, XFont font, bool shaded)
        {
            var wrapped = cells.Select((cell, i) => Wrap(cell, font, widths[i] - 2 * Padding)).ToList();
            var height = wrapped.Max(lines => lines.Count) * LineHeight(font) + 2 * Padding;
            EnsureSpace(height);
            var x = Left;
            for (var i = 0; i < widths.Length; i++)
            {
                var cell = new XRect(x, _y, widths[i], height);
                if (shaded)
                {
                    _graphics.DrawRectangle(XBrushes.WhiteSmoke, cell);
                }

                _graphics.DrawRectangle(new XPen(XColors.Black, 0.5), cell);
                var lineY = _y + Padding;
                foreach (var line in wrapped[i])
                {
                    _graphics.DrawString(line, font, XBrushes.Black, new XPoint(x + Padding, lineY), XStringFormats.TopLeft);
                    lineY += LineHeight(font);
                }

                x += widths[i];
            }

            _y += height;
        }
    }

    /// <summary>Signature blocks side by side: a bold title, an italic hint, room to sign, then the name.</summary>
    public void Signatures(params (string Title, string Hint, string? Name)[] blocks)
    {
        var height = 3 * LineHeight(_bold) + 40;
        EnsureSpace(height);
        var column = Width / blocks.Length;
        var top = _y;
        for (var i = 0; i < blocks.Length; i++)
        {
            var x = Left + i * column;
            _y = top;
            Centred(blocks[i].Title, _bold, x, column);
            Centred(blocks[i].Hint, _italic, x, column);
            _y += 36;
            Centred(blocks[i].Name ?? string.Empty, _bold, x, column);
        }

        _y = top + height;
    }

    /// <summary>A QR code of <paramref name="url"/>, with an explanation beside it.</summary>
    public void Qr(string url, string explanation)
    {
        const double Side = 25 * MillimetresToPoints;
        EnsureSpace(Side + 4);
        var top = _y + 2;
        DrawQr(_graphics, url, new XRect(_page.Width.Point - Right - Side, top, Side, Side));
        _y = top + 4;
        foreach (var line in Wrap(explanation, _small, Width - Side - 8))
        {
            _graphics.DrawString(line, _small, XBrushes.Black, new XPoint(Left, _y), XStringFormats.TopLeft);
            _y += LineHeight(_small);
        }

        foreach (var line in Wrap(url, _smallBold, Width - Side - 8))
        {
            _graphics.DrawString(line, _smallBold, XBrushes.Black, new XPoint(Left, _y), XStringFormats.TopLeft);
            _y += LineHeight(_smallBold);
        }

        _y = Math.Max(_y, top + Side) + 4;
    }

    /// <summary>The finished PDF.</summary>
    public byte[] ToPdf()
    {
        using var output = new MemoryStream();
        _graphics.Dispose();
        _document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _graphics.Dispose();
        _document.Dispose();
    }

    // Vietnamese typed with combining marks is drawn as the precomposed letters the font has.
    private static string Normalize(string text) => text.Normalize(NormalizationForm.FormC);

    private static string Upper(string text) => text.ToUpper(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"));

    private static double LineHeight(XFont font) => font.Size * 1.3;

    private void NewPage()
    {
        _graphics?.Dispose();
        _page = _document.AddPage();
        _page.Size = PageSize.A5;
        _page.Orientation = PageOrientation.Portrait;
        _graphics = XGraphics.FromPdfPage(_page);
        _y = Top;
    }

    private void EnsureSpace(double height)
    {
        if (_y + height > _page.Height.Point - Bottom)
        {
            NewPage();
        }
    }

    private void Line(string text, XFont font, XStringFormat format, double indent = 0)
    {
        EnsureSpace(LineHeight(font));
        var x = format.Alignment switch
        {
            XStringAlignment.Center => Left + Width / 2,
            XStringAlignment.Far => Left + Width,
            _ => Left + indent,
        };
        _graphics.DrawString(Normalize(text), font, XBrushes.Black, new XPoint(x, _y), format);
        _y += LineHeight(font);
    }

    private void Centred(string text, XFont font, double x, double width)
    {
        foreach (var line in Wrap(text, font, width - 4))
        {
            _graphics.DrawString(line, font, XBrushes.Black, new XPoint(x + width / 2, _y), XStringFormats.TopCenter);
            _y += LineHeight(font);
        }
    }

    // Draws centred lines in a column and returns where they end.
    private double CentredLines(double x, double width, IEnumerable<(string Text, XFont Font)> lines)
    {
        foreach (var (text, font) in lines)
        {
            Centred(text, font, x, width);
        }

        return _y;
    }

    private void Rule(double x, double y, double width) =>
        _graphics.DrawLine(new XPen(XColors.Black, 0.6), x, y + 2, x + width, y + 2);

    /// <summary>
    /// Draws a QR code of <paramref name="text"/> (error correction M, with its quiet zone) as vector squares filling
    /// <paramref name="area"/>.
    /// </summary>
    internal static void DrawQr(XGraphics graphics, string text, XRect area)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var module = area.Width / modules.Count;
        for (var row = 0; row < modules.Count; row++)
        {
            for (var column = 0; column < modules.Count; column++)
            {
                if (modules[row][column])
                {
                    // A hair wider than the module so neighbouring squares leave no seam when rasterised.
                    graphics.DrawRectangle(XBrushes.Black, area.X + column * module, area.Y + row * module, module + 0.05, module + 0.05);
                }
            }
        }
    }

    private List<string> Wrap(string text, XFont font, double width) => Wrap(_graphics, text, font, width);

    /// <summary>
    /// <paramref name="text"/> (in NFC) cut into lines no wider than <paramref name="width"/> at spaces and line
    /// breaks, a word wider than the line being cut where it must be.
    /// </summary>
    internal static List<string> Wrap(XGraphics graphics, string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in Normalize(text).Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (line.Length > 0 && graphics.MeasureString(candidate, font).Width > width)
                {
                    lines.Add(line.ToString());
                    line.Clear().Append(word);
                }
                else
                {
                    line.Clear().Append(candidate);
                }

                // A single word wider than the column (a long code or address) is cut where it must be.
                while (graphics.MeasureString(line.ToString(), font).Width > width && line.Length > 1)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && graphics.MeasureString(line.ToString(0, cut), font).Width > width)
                    {
                        cut--;
                    }

                    lines.Add(line.ToString(0, cut));
                    line.Remove(0, cut);
                }
            }

            lines.Add(line.ToString());
        }

        return lines;
    }
}
