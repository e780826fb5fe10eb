using System.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CaseEngine.Api.Slips;

/// <summary>One service on the QR sheet: its name under the code, and where the code leads.</summary>
/// <param name="Name">Name in Vietnamese.</param>
/// <param name="Target">Address of the service on the portal.</param>
internal sealed record QrSheetEntry(string Name, Uri Target);

/// <summary>
/// A printable A4 poster for the counter: a Vietnamese title, then the services' QR codes in a grid of five columns,
/// each with its number and name under it, in dashed cells to cut apart; the portal's address and, while the list is
/// an example, a warning at the foot. Same typeface as the slips.
/// </summary>
internal static class ServiceQrSheet
{
    private const double MillimetresToPoints = 72 / 25.4;
    private const double Margin = 12 * MillimetresToPoints;
    private const int Columns = 5;
    private const double CellPadding = 5;
    private const double NameGap = 2;

    // A code carries its own quiet zone (4 modules of white), so it needs little room from the cell's edges.
    private const double CodeInset = 2;
    private const double SmallestCodeShare = 0.8;

    // The largest size at which every name fits its cell is used, down to the smallest.
    private static readonly double[] NameSizes = [8.5, 8, 7.5, 7, 6.5, 6];

    /// <summary>The sheet as a one-page PDF.</summary>
    /// <param name="title">Title printed at the top, in Vietnamese.</param>
    /// <param name="entries">The services in the order printed.</param>
    /// <param name="portal">The portal's address, printed at the foot.</param>
    /// <param name="illustrative">Whether the list is an example to check before printing it for citizens.</param>
    public static byte[] Compose(string title, IReadOnlyList<QrSheetEntry> entries, Uri portal, bool illustrative)
    {
        SlipFonts.Install();
        var titleFont = new XFont(SlipFonts.Family, 15, XFontStyleEx.Bold);
        var subtitleFont = new XFont(SlipFonts.Family, 9.5, XFontStyleEx.Italic);
        var footFont = new XFont(SlipFonts.Family, 7.5, XFontStyleEx.Italic);
        var cutLine = new XPen(XColors.DarkGray, 0.4) { DashStyle = XDashStyle.Dash };

        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Subject = $"Mã QR của {entries.Count} dịch vụ công trực tuyến trên {portal.AbsoluteUri}";
        document.Info.Creator = "CaseEngine";
        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Portrait;
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            var width = page.Width.Point - 2 * Margin;
            var y = Margin;
            foreach (var line in SlipCanvas.Wrap(graphics, title, titleFont, width))
            {
                graphics.DrawString(line, titleFont, XBrushes.Black, new XPoint(Margin + width / 2, y), XStringFormats.TopCenter);
                y += LineHeight(titleFont);
            }

            y += 2;
            var subtitle = "Mở camera của điện thoại hoặc ứng dụng quét mã QR, quét mã của dịch vụ cần làm để mở trang nộp hồ sơ trực tuyến";
            foreach (var line in SlipCanvas.Wrap(graphics, subtitle, subtitleFont, width))
            {
                graphics.DrawString(line, subtitleFont, XBrushes.Black, new XPoint(Margin + width / 2, y), XStringFormats.TopCenter);
                y += LineHeight(subtitleFont);
            }

            var foot = new List<string>(SlipCanvas.Wrap(graphics, $"Cổng Dịch vụ công: {portal.AbsoluteUri}", footFont, width));
            if (illustrative)
            {
                foot.AddRange(SlipCanvas.Wrap(
                    graphics,
                    "Danh mục và đường dẫn trên bảng này chỉ là ví dụ minh họa, cần đối chiếu với Cổng Dịch vụ công trước khi in cho công dân.",
                    footFont,
                    width));
            }

            var footTop = page.Height.Point - Margin - foot.Count * LineHeight(footFont);
            DrawGrid(graphics, entries, new XRect(Margin, y + 6, width, footTop - 4 - (y + 6)), cutLine);
            foreach (var line in foot)
            {
                graphics.DrawString(line, footFont, XBrushes.Black, new XPoint(Margin, footTop), XStringFormats.TopLeft);
                footTop += LineHeight(footFont);
            }
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void DrawGrid(XGraphics graphics, IReadOnlyList<QrSheetEntry> entries, XRect area, XPen cutLine)
    {
        var rows = (entries.Count + Columns - 1) / Columns;
        var cellWidth = area.Width / Columns;
        var cellHeight = area.Height / rows;
        var textWidth = cellWidth - 2 * CellPadding;
        var labels = entries.Select((entry, i) => $"{i + 1}. {entry.Name}").ToList();

        // The code takes what the longest name leaves, and never more than the cell's width.
        var codeWidth = cellWidth - 2 * CodeInset;
        var (font, lines) = FitNames(graphics, labels, textWidth, cellHeight - CodeInset - NameGap - CellPadding - SmallestCodeShare * codeWidth);
        var textHeight = lines.Max(l => l.Count) * LineHeight(font);
        var side = Math.Min(codeWidth, cellHeight - CodeInset - NameGap - CellPadding - textHeight);

        for (var i = 0; i < entries.Count; i++)
        {
            var cell = new XRect(area.X + i % Columns * cellWidth, area.Y + i / Columns * cellHeight, cellWidth, cellHeight);
            graphics.DrawRectangle(cutLine, cell);
            var top = cell.Y + CodeInset;
            SlipCanvas.DrawQr(graphics, entries[i].Target.AbsoluteUri, new XRect(cell.X + (cellWidth - side) / 2, top, side, side));
            var y = top + side + NameGap;
            foreach (var line in lines[i])
            {
                graphics.DrawString(line, font, XBrushes.Black, new XPoint(cell.X + cellWidth / 2, y), XStringFormats.TopCenter);
                y += LineHeight(font);
            }
        }
    }

    // The largest name size at which every name fits in the height left under a code of the smallest share of the cell's width.
    private static (XFont Font, List<List<string>> Lines) FitNames(XGraphics graphics, List<string> labels, double width, double height)
    {
        foreach (var size in NameSizes)
        {
            var font = new XFont(SlipFonts.Family, size, XFontStyleEx.Regular);
            var lines = labels.Select(label => SlipCanvas.Wrap(graphics, label.Normalize(NormalizationForm.FormC), font, width)).ToList();
            if (lines.Max(l => l.Count) * LineHeight(font) <= height || size == NameSizes[^1])
            {
                return (font, lines);
            }
        }

        throw new InvalidOperationException("NameSizes is empty.");
    }

    private static double LineHeight(XFont font) => font.Size * 1.25;
}
